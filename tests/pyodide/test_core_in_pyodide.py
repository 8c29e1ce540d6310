"""The core's unit tests pass inside real Pyodide (CPython 3.14 on wasm), not only on the host."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
UNIT = ROOT / "tests" / "unit"

# A test module that imports any of these needs a server, a subprocess or a library Pyodide lacks.
_SERVER_ONLY = re.compile(
    r"^\s*(?:from|import)\s+(?:starlette|django|pydantic|httpx|uvicorn|playwright|hypothesis|"
    r"fastapi|jinja2|brotli|htpy|dominate|subprocess|multiprocessing|tests\.e2e|"
    r"pickle_reactor\.(?:reactor|server|asgi|__main__|contrib))\b",
    re.MULTILINE,
)


def core_test_files() -> list[Path]:
    """tests/unit modules that exercise only the browser-shippable core."""
    files = []
    for path in sorted(UNIT.glob("test_*.py")):
        source = path.read_text(encoding="utf-8")
        if not _SERVER_ONLY.search(source):
            files.append(path)
    return files


def run_in_pyodide(node: str, pyodide_dir: Path, wheels: Path, args: list[str]) -> tuple[dict, str]:
    cmd = [node, str(Path(__file__).with_name("run_pytest.mjs")), str(pyodide_dir), str(ROOT), str(wheels), *args]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=900, cwd=ROOT)
    output = done.stdout + done.stderr
    match = re.search(r"^PR-PYODIDE-RESULT (\{.*\})$", done.stdout, re.MULTILINE)
    assert match, f"the Pyodide run did not finish (exit {done.returncode}):\n{output[-6000:]}"
    return json.loads(match.group(1)), output


def test_core_unit_tests_pass_in_pyodide(node: str, pyodide_dir: Path, pyodide_wheels: Path) -> None:
    files = core_test_files()
    assert files, "no core unit test modules found under tests/unit"
    args = ["-c", "tests/pyodide/pytest-in-pyodide.ini", "--rootdir", "/repo", "-q",
            *(f"tests/unit/{path.name}" for path in files)]
    result, output = run_in_pyodide(node, pyodide_dir, pyodide_wheels, args)
    assert result["platform"] == "emscripten", result
    assert result["python"].startswith("3.14"), result
    assert result["exit"] == 0 and result["failed"] == 0 and result["errors"] == 0, output[-8000:]
    assert result["passed"] > 0, output[-4000:]


def test_a_failing_test_fails_the_pyodide_run(node: str, pyodide_dir: Path, pyodide_wheels: Path, tmp_path: Path) -> None:
    # The runner must report failures, or the test above could never fail.
    probe = ROOT / ".cache" / "pyodide-probe"
    probe.mkdir(parents=True, exist_ok=True)
    (probe / "test_probe.py").write_text(
        "import sys\n\ndef test_runs_on_wasm():\n    assert sys.platform == 'emscripten'\n\n"
        "def test_fails():\n    assert 1 + 1 == 3\n",
        encoding="utf-8",
    )
    args = ["-c", "tests/pyodide/pytest-in-pyodide.ini", "--rootdir", "/repo", "-q", ".cache/pyodide-probe/test_probe.py"]
    result, output = run_in_pyodide(node, pyodide_dir, pyodide_wheels, args)
    assert (result["exit"], result["passed"], result["failed"]) == (1, 1, 1), output[-4000:]
