"""`python -m pickle_reactor pyodide fetch`: real npm, real tarballs, a real (local) registry for faults."""

from __future__ import annotations

import base64
import gzip
import hashlib
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import brotli
import pytest

from pickle_reactor.server.pyodide_dist import (
    COMPRESSIBLE,
    PYODIDE_INTEGRITY,
    PYODIDE_VERSION,
    RUNTIME_FILES,
    PyodideFetchError,
    default_pyodide_dir,
    fetch_pyodide,
    is_verified,
    missing_files,
)

ROOT = Path(__file__).resolve().parents[2]
NPM = shutil.which("npm")
needs_npm = pytest.mark.skipif(NPM is None, reason="npm is not installed")


def _cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pickle_reactor", "pyodide", "fetch", *args],
                          capture_output=True, text=True, cwd=ROOT, env=env, timeout=300, check=False)


@pytest.fixture(scope="module")
def real_tarball(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The pinned release, as npm downloads it (npm's cache makes repeated runs cheap)."""
    if NPM is None:
        pytest.skip("npm is not installed")
    workdir = tmp_path_factory.mktemp("npm-pack")
    subprocess.run([NPM, "pack", f"pyodide@{PYODIDE_VERSION}", "--loglevel=error"], cwd=workdir, check=True,
                   capture_output=True, timeout=300)
    return next(workdir.glob("*.tgz"))


@pytest.fixture
def corrupted_tarball(real_tarball: Path, tmp_path: Path) -> Path:
    """A well-formed package whose pyodide.mjs was tampered with: npm can read it, only the pin differs."""
    data = gzip.decompress(real_tarball.read_bytes())
    at = data.index(b"loadPyodide")
    tampered = data[:at] + b"loadPyodidX" + data[at + len(b"loadPyodide"):]
    path = tmp_path / real_tarball.name
    path.write_bytes(gzip.compress(tampered))
    return path


def _integrity(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


def test_pinned_integrity_matches_the_real_tarball(real_tarball: Path) -> None:
    assert _integrity(real_tarball.read_bytes()) == PYODIDE_INTEGRITY


def test_default_dir_is_under_the_user_cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("PICKLE_REACTOR_PYODIDE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert default_pyodide_dir() == tmp_path / "pickle-reactor" / f"pyodide-{PYODIDE_VERSION}"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert default_pyodide_dir() == Path.home() / ".cache" / "pickle-reactor" / f"pyodide-{PYODIDE_VERSION}"


def test_environment_variable_overrides_the_default_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PICKLE_REACTOR_PYODIDE_DIR", str(tmp_path / "custom"))
    assert default_pyodide_dir() == tmp_path / "custom"


@needs_npm
def test_fetch_with_npm_unpacks_only_verified_runtime_files(tmp_path: Path) -> None:
    dest = tmp_path / "pyodide"
    result = _cli("--dir", str(dest))
    assert result.returncode == 0, result.stderr
    sidecars = [name + suffix for name in COMPRESSIBLE for suffix in (".br", ".gz")]
    assert sorted(p.name for p in dest.iterdir()) == sorted([*RUNTIME_FILES, *sidecars])
    assert is_verified(dest)
    wasm = (dest / "pyodide.asm.wasm").read_bytes()
    assert brotli.decompress((dest / "pyodide.asm.wasm.br").read_bytes()) == wasm
    assert gzip.decompress((dest / "pyodide.asm.wasm.gz").read_bytes()) == wasm
    assert "npm pack" in result.stderr and "[3/5] pyodide.asm.wasm" in result.stderr  # progress shown
    assert "ready" in result.stderr


@needs_npm
def test_fetch_into_the_env_dir(tmp_path: Path, real_tarball: Path) -> None:
    env = {**os.environ, "PICKLE_REACTOR_PYODIDE_DIR": str(tmp_path / "from-env")}
    result = _cli("--tarball", str(real_tarball), env=env)
    assert result.returncode == 0, result.stderr
    assert is_verified(tmp_path / "from-env")


def test_second_fetch_skips_verified_files(tmp_path: Path, real_tarball: Path) -> None:
    messages: list[str] = []
    fetch_pyodide(tmp_path, tarball=real_tarball)
    stamps = {name: (tmp_path / name).stat().st_mtime_ns for name in RUNTIME_FILES}
    fetch_pyodide(tmp_path, tarball=real_tarball, progress=messages.append)
    assert {name: (tmp_path / name).stat().st_mtime_ns for name in RUNTIME_FILES} == stamps
    assert any("is already in" in m for m in messages)


def test_a_damaged_file_is_replaced_with_its_sidecars(tmp_path: Path, real_tarball: Path) -> None:
    fetch_pyodide(tmp_path, tarball=real_tarball)
    (tmp_path / "python_stdlib.zip").write_bytes(b"not the stdlib")
    (tmp_path / "pyodide-lock.json").unlink()
    assert missing_files(tmp_path) == ["pyodide-lock.json"]
    assert not is_verified(tmp_path)
    fetch_pyodide(tmp_path, tarball=real_tarball)
    assert is_verified(tmp_path)
    lock = (tmp_path / "pyodide-lock.json").read_bytes()
    assert gzip.decompress((tmp_path / "pyodide-lock.json.gz").read_bytes()) == lock


def test_corrupted_tarball_is_refused_and_nothing_unpacked(tmp_path: Path, corrupted_tarball: Path) -> None:
    dest = tmp_path / "out"
    result = _cli("--dir", str(dest), "--tarball", str(corrupted_tarball))
    assert result.returncode == 1
    assert "integrity check failed" in result.stderr and PYODIDE_INTEGRITY in result.stderr
    assert not dest.exists() or not any(dest.iterdir())


def test_missing_npm_is_a_clear_error(tmp_path: Path) -> None:
    empty_bin = tmp_path / "bin"
    empty_bin.mkdir()
    env = {**os.environ, "PATH": str(empty_bin)}
    result = _cli("--dir", str(tmp_path / "out"), env=env)
    assert result.returncode == 1
    assert "npm was not found on PATH" in result.stderr
    assert "Traceback" not in result.stderr


class _Registry(http.server.ThreadingHTTPServer):
    """A tiny npm registry on loopback serving one pyodide version with the given tarball bytes."""

    tarball: bytes


class _RegistryHandler(http.server.BaseHTTPRequestHandler):
    server: _Registry

    def do_GET(self) -> None:
        host = f"http://127.0.0.1:{self.server.server_address[1]}"
        if self.path.rstrip("/") == "/pyodide":
            dist = {"tarball": f"{host}/pyodide/-/pyodide-{PYODIDE_VERSION}.tgz",
                    "integrity": _integrity(self.server.tarball),
                    "shasum": hashlib.sha1(self.server.tarball).hexdigest()}
            body = json.dumps({"name": "pyodide", "dist-tags": {"latest": PYODIDE_VERSION},
                               "versions": {PYODIDE_VERSION: {"name": "pyodide", "version": PYODIDE_VERSION,
                                                              "dist": dist}}}).encode()
            kind = "application/json"
        elif self.path.endswith(".tgz"):
            body, kind = self.server.tarball, "application/octet-stream"
        else:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def local_registry(corrupted_tarball: Path) -> Iterator[str]:
    server = _Registry(("127.0.0.1", 0), _RegistryHandler)
    server.tarball = corrupted_tarball.read_bytes()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def _npm_env(tmp_path: Path, registry: str) -> dict[str, str]:
    return {**os.environ, "npm_config_registry": registry, "npm_config_cache": str(tmp_path / "npm-cache"),
            "npm_config_fetch_retries": "0", "npm_config_update_notifier": "false"}


@needs_npm
def test_tarball_from_a_registry_that_serves_other_bytes_is_refused(tmp_path: Path, local_registry: str) -> None:
    # npm accepts the tarball (its registry vouches for it); only the pinned sha512 catches the swap.
    dest = tmp_path / "out"
    result = _cli("--dir", str(dest), env=_npm_env(tmp_path, local_registry))
    assert result.returncode == 1, result.stderr
    assert "integrity check failed" in result.stderr
    assert not dest.exists() or not any(dest.iterdir())


@needs_npm
def test_unreachable_registry_is_a_clear_error(tmp_path: Path) -> None:
    with socket_port() as port:  # a port nobody listens on
        result = _cli("--dir", str(tmp_path / "out"), env=_npm_env(tmp_path, f"http://127.0.0.1:{port}/"))
    assert result.returncode == 1
    assert f"`npm pack pyodide@{PYODIDE_VERSION}` failed" in result.stderr
    assert "Traceback" not in result.stderr


def test_library_error_type(tmp_path: Path, corrupted_tarball: Path) -> None:
    with pytest.raises(PyodideFetchError, match="integrity check failed"):
        fetch_pyodide(tmp_path, tarball=corrupted_tarball)


class socket_port:
    """Reserve a free loopback port, then close it so that connections to it are refused."""

    def __enter__(self) -> int:
        import socket

        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            return sock.getsockname()[1]

    def __exit__(self, *exc: object) -> None:
        pass
