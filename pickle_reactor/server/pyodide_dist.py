"""A pinned, integrity-checked local copy of Pyodide, so that ``pyodide="local"`` needs no network.

The release comes from the npm registry through npm itself (``npm pack``), so proxies, mirrors and
``.npmrc`` settings work as they do for every other Node package. The tarball is checked against a
pinned sha512 before anything is unpacked, and each runtime file against a pinned sha256 afterwards;
a directory whose files all match is left alone (the command is idempotent).
"""

from __future__ import annotations

import base64
import hashlib
import os
import shutil
import subprocess
import tarfile
import tempfile
from collections.abc import Callable
from pathlib import Path

__all__ = [
    "ENV_DIR",
    "PYODIDE_INTEGRITY",
    "PYODIDE_SRI",
    "PYODIDE_VERSION",
    "RUNTIME_FILES",
    "PyodideFetchError",
    "default_pyodide_dir",
    "fetch_pyodide",
    "is_verified",
    "missing_files",
    "unpack_tarball",
    "write_sidecars",
]

PYODIDE_VERSION = "314.0.7"
# `npm view pyodide@314.0.7 dist.integrity`
PYODIDE_INTEGRITY = (
    "sha512-0YvXxEhfEdpLfb/XkM2BFAeMROq0iMUX2bzzH9pOttyMcWkwq+HbE5uyuGD82LN7y2q+SNvi/6V5JEsOlD2R1A=="
)
# What loadPyodide() fetches for a page that loads no extra packages: the loader, the Emscripten module
# it imports, the wasm binary, the standard library and the lock file. Nothing else in the npm package
# (typings, consoles, the CommonJS build, source maps) is needed at run time.
RUNTIME_FILES: dict[str, str] = {
    "pyodide.mjs": "6f1d60f7bf529beb300f0f47983c921d3982363640ba20af0e38efdddbc66109",
    "pyodide.asm.mjs": "f7cdc8ece80678ceb712f8e65ebe6d3a83203a180c399865f49612a051693635",
    "pyodide.asm.wasm": "cc36e3cab04fdfc9a63ff13eb52eae2b911bf46c025cc7b281f394bd3de1d5e6",
    "python_stdlib.zip": "fa1957e5777068fc4f7437f96d860ae2fbe9c19732ba06c84e004ec16dd7dd7a",
    "pyodide-lock.json": "5dc2fc119108bc148c7457dc86e7675b5c87e1cafd420b9c34c1eaef7b36c010",
}
# Subresource Integrity (sha384) of the same files, for pages that load Pyodide from a CDN: the browser
# checks them, so a CDN serving other bytes fails closed. Computed from files verified against RUNTIME_FILES.
PYODIDE_SRI: dict[str, str] = {
    "pyodide.mjs": "sha384-Lp79fMwxa4n2BLtugpUAoQMlbxIdg8iCUiP1r3h7nJLkQjwlXT1JzZTeHVL+f4Dg",
    "pyodide.asm.mjs": "sha384-/2281iaC0Iimw0B3Kagy1DBfZcJG3W4KYW+EmOqhsdY3fR9BJ88FE2Zt6y0KQKpa",
    "pyodide.asm.wasm": "sha384-y++qrQ72KPA1fTjLIuGMP+jppgGxjbLCgfdb0zMrnNnQVhxRUXTOTF6rTxNzllSu",
    "python_stdlib.zip": "sha384-xW3A5jmenkrPXbsgrIaB1FCJh9OuLT7FRMagsJMgtlhVc19k/mSy3+7nMaF/d767",
    "pyodide-lock.json": "sha384-o8SQQvpVlZnOl04+3dFTJipKxul9GbViVusA379wlOrfHSgxbzt0yPiqCTxOiYES",
}
# Served precompressed: `fetch` writes `<file>.br` / `<file>.gz` beside these (python_stdlib.zip is already
# compressed; brotli would save 2%).
COMPRESSIBLE = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "pyodide-lock.json")
SIDECARS = {"br": ".br", "gzip": ".gz"}
ENV_DIR = "PICKLE_REACTOR_PYODIDE_DIR"
_NPM_TIMEOUT = 600

Progress = Callable[[str], None]


class PyodideFetchError(RuntimeError):
    """Pyodide could not be obtained or verified; the message says why and what to do."""


def default_pyodide_dir() -> Path:
    """``$PICKLE_REACTOR_PYODIDE_DIR``, else ``$XDG_CACHE_HOME`` (or ``~/.cache``)/pickle-reactor/pyodide-<version>."""
    configured = os.environ.get(ENV_DIR)
    if configured:
        return Path(configured).expanduser()
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache).expanduser() / "pickle-reactor" / f"pyodide-{PYODIDE_VERSION}"


def missing_files(directory: str | os.PathLike[str]) -> list[str]:
    """The runtime files absent from ``directory`` (a cheap check for start-up; no hashing)."""
    base = Path(directory)
    return [name for name in RUNTIME_FILES if not (base / name).is_file()]


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _mismatched(directory: Path) -> list[str]:
    return [name for name, expected in RUNTIME_FILES.items()
            if not (directory / name).is_file() or _sha256(directory / name) != expected]


def is_verified(directory: str | os.PathLike[str]) -> bool:
    """True when every runtime file is present and has its pinned sha256."""
    return not _mismatched(Path(directory))


def _integrity(path: Path) -> str:
    digest = hashlib.sha512()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return "sha512-" + base64.b64encode(digest.digest()).decode("ascii")


def _npm_pack(workdir: Path, progress: Progress) -> Path:
    npm = shutil.which("npm")
    if npm is None:
        raise PyodideFetchError(
            "npm was not found on PATH: install Node.js (it ships npm) and run "
            "`python -m pickle_reactor pyodide fetch` again, or unpack a downloaded "
            f"pyodide-{PYODIDE_VERSION}.tgz with `--tarball FILE`"
        )
    spec = f"pyodide@{PYODIDE_VERSION}"
    progress(f"downloading {spec} with npm pack (about 6.5 MB) ...")
    try:
        result = subprocess.run(
            [npm, "pack", spec, "--loglevel=error", "--no-fund", "--no-audit"],
            cwd=workdir, capture_output=True, text=True, timeout=_NPM_TIMEOUT, check=False,
        )
    except subprocess.TimeoutExpired:
        raise PyodideFetchError(f"`npm pack {spec}` did not finish in {_NPM_TIMEOUT} s: check the network or the npm registry") from None
    tarballs = sorted(workdir.glob("*.tgz"))
    if result.returncode != 0 or len(tarballs) != 1:
        detail = "\n".join((result.stderr or result.stdout).strip().splitlines()[-8:])
        raise PyodideFetchError(
            f"`npm pack {spec}` failed (exit status {result.returncode}); npm said:\n{detail}\n"
            "Check the network, the npm registry setting (`npm config get registry`) and any proxy."
        )
    return tarballs[0]


def unpack_tarball(tarball: str | os.PathLike[str], dest: str | os.PathLike[str],
                   progress: Progress = lambda message: None) -> Path:
    """Check ``tarball`` against the pinned sha512, then write only the runtime files into ``dest``."""
    tarball, dest = Path(tarball), Path(dest)
    progress(f"verifying {tarball.name} against the pinned sha512 ...")
    actual = _integrity(tarball)
    if actual != PYODIDE_INTEGRITY:
        raise PyodideFetchError(
            f"integrity check failed for {tarball}: expected {PYODIDE_INTEGRITY}, got {actual}. "
            "The download is corrupt or is not the pinned Pyodide release; nothing was unpacked."
        )
    dest.mkdir(parents=True, exist_ok=True)
    with tarfile.open(tarball, "r:gz") as archive:
        members = {m.name.removeprefix("package/"): m for m in archive.getmembers() if m.isfile()}
        absent = [name for name in RUNTIME_FILES if name not in members]
        if absent:
            raise PyodideFetchError(f"{tarball} lacks {', '.join(absent)}: not a Pyodide {PYODIDE_VERSION} package")
        for index, name in enumerate(RUNTIME_FILES, 1):
            member = members[name]
            progress(f"[{index}/{len(RUNTIME_FILES)}] {name} ({member.size / 1e6:.1f} MB)")
            source = archive.extractfile(member)
            assert source is not None  # a regular file always has content
            # Write beside the target and rename, so a crash never leaves a half-written runtime file.
            fd, temp = tempfile.mkstemp(dir=dest, prefix=f".{name}.")
            try:
                with os.fdopen(fd, "wb") as out:
                    shutil.copyfileobj(source, out, 1 << 20)
                os.chmod(temp, 0o644)
                os.replace(temp, dest / name)
            except BaseException:
                Path(temp).unlink(missing_ok=True)
                raise
    wrong = _mismatched(dest)
    if wrong:
        raise PyodideFetchError(f"unpacked files do not match their pinned sha256: {', '.join(wrong)}")
    return dest


def write_sidecars(directory: str | os.PathLike[str], progress: Progress = lambda message: None) -> None:
    """Write the brotli/gzip variants the asset app serves, for files that lack an up-to-date one."""
    import gzip

    try:
        import brotli  # type: ignore[import-not-found, import-untyped]
    except ImportError:  # pragma: no cover - brotli is a dependency of the starlette/django extras
        brotli = None
    base = Path(directory)
    for name in COMPRESSIBLE:
        source = base / name
        for encoding, suffix in SIDECARS.items():
            target = base / (name + suffix)
            if encoding == "br" and brotli is None:
                continue
            if target.is_file() and target.stat().st_mtime_ns >= source.stat().st_mtime_ns:
                continue
            progress(f"compressing {target.name} ...")
            data = source.read_bytes()
            packed = brotli.compress(data, quality=9) if encoding == "br" else gzip.compress(data, 6, mtime=0)
            fd, temp = tempfile.mkstemp(dir=base, prefix=f".{target.name}.")
            with os.fdopen(fd, "wb") as out:
                out.write(packed)
            os.chmod(temp, 0o644)
            os.replace(temp, target)


def fetch_pyodide(dest: str | os.PathLike[str] | None = None, *, tarball: str | os.PathLike[str] | None = None,
                  force: bool = False, progress: Progress = lambda message: None) -> Path:
    """Make ``dest`` (default: :func:`default_pyodide_dir`) hold the verified runtime files; returns it."""
    target = Path(dest).expanduser() if dest is not None else default_pyodide_dir()
    if not force and is_verified(target):
        write_sidecars(target, progress)
        progress(f"Pyodide {PYODIDE_VERSION} is already in {target} (verified)")
        return target
    if tarball is not None:
        unpack_tarball(tarball, target, progress)
    else:
        with tempfile.TemporaryDirectory(prefix="pickle-reactor-pyodide-") as workdir:
            unpack_tarball(_npm_pack(Path(workdir), progress), target, progress)
    write_sidecars(target, progress)
    progress(f"Pyodide {PYODIDE_VERSION} is ready in {target}")
    return target
