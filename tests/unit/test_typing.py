"""@component keeps the decorated function's signature for type checkers: mypy accepts the calls of
tests/typing/components_ok.py and rejects each call marked ``# E:`` in tests/typing/components_bad.py."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TYPING = ROOT / "tests" / "typing"

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("mypy") is None,
    reason="mypy is not installed (it is in the dev extra: pip install -e '.[dev]')",
)


def _mypy(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--no-incremental", "--cache-dir", "/dev/null", "--follow-imports=silent",
         "--no-error-summary", "--show-error-codes", "--hide-error-context", str(path)],
        check=False, capture_output=True, text=True, cwd=ROOT, timeout=300,
    )


def _errors(result: subprocess.CompletedProcess[str], path: Path) -> dict[int, str]:
    found: dict[int, str] = {}
    for line in result.stdout.splitlines():
        match = re.match(rf"{re.escape(str(path.relative_to(ROOT)))}:(\d+): error: (.*)", line)
        if match:
            found.setdefault(int(match[1]), match[2])
    return found


def test_correct_props_type_check() -> None:
    path = TYPING / "components_ok.py"
    result = _mypy(path)
    assert _errors(result, path) == {}, result.stdout + result.stderr


def test_wrong_props_are_rejected() -> None:
    path = TYPING / "components_bad.py"
    expected = {n for n, line in enumerate(path.read_text().splitlines(), 1) if "# E:" in line}
    assert len(expected) == 4
    found = _errors(_mypy(path), path)
    assert set(found) == expected, found
    assert "SearchList" in found[min(expected)] or "__call__" in found[min(expected)]
