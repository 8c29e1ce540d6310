"""The Pyodide tier: a real Pyodide (Node) with pure-Python pytest wheels, the repository mounted in it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
WHEEL_CACHE = ROOT / ".cache" / "pyodide-wheels"
PURE_TEST_LIBRARIES = ("pytest", "html5lib")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if Path(str(item.fspath)).parent == Path(__file__).parent:
            item.add_marker(pytest.mark.pyodide)


@pytest.fixture(scope="session")
def node() -> str:
    found = shutil.which("node")
    if not found:
        pytest.fail("node is missing: install Node 20+ (apt-get install nodejs npm)")
    return found


@pytest.fixture(scope="session")
def pyodide_dir() -> Path:
    """The `python -m pickle_reactor pyodide fetch` copy when it is complete, else npm's node_modules/pyodide."""
    candidates = []
    try:
        from pickle_reactor.server.pyodide_dist import (
            default_pyodide_dir,
            missing_files,
        )

        fetched = default_pyodide_dir()
        if not missing_files(fetched):
            candidates.append(fetched)
    except ImportError:
        pass
    candidates.append(ROOT / "node_modules" / "pyodide")
    for directory in candidates:
        if (directory / "pyodide.mjs").is_file() and (directory / "pyodide.asm.wasm").is_file():
            return directory
    pytest.fail("no Pyodide found: run `npm ci` or `python -m pickle_reactor pyodide fetch`")


@pytest.fixture(scope="session")
def pyodide_wheels() -> Path:
    """Pure-Python wheels of the host's pytest (and the test-only libraries the core's tests import:
    html5lib) at the host's versions, with their dependencies, cached under .cache/."""
    pins = [f"{name}=={version(name)}" for name in PURE_TEST_LIBRARIES]
    target = WHEEL_CACHE / "-".join(pin.replace("==", "-") for pin in pins)
    if not any(target.glob("pytest-*.whl")):
        target.mkdir(parents=True, exist_ok=True)
        cmd = [
            sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check",
            "--only-binary=:all:", "--implementation", "py", "--abi", "none", "--platform", "any",
            "--python-version", "3.14", "-d", str(target), *pins,
        ]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
        if done.returncode != 0:
            pytest.fail(f"pip download of pytest wheels for Pyodide failed:\n{done.stderr}")
    return target
