"""What the browser does with a bundle, on CPython: unpack it into an empty folder and import every
module with only the standard library on the path. Shared by the bundle tests."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

# Only Pyodide's own modules may be missing outside the browser.
_PYODIDE_ONLY = ("No module named 'js'", "No module named 'pyodide'")


def import_unpacked(bundle: Any, folder: Path) -> tuple[list[str], dict[str, str], list[str], str]:
    """(modules, failed imports, modules loaded from outside the stdlib and the bundle, where
    pickle_reactor came from), from a fresh ``python -I -S`` (no site-packages, no PYTHONPATH)."""
    zipfile.ZipFile(io.BytesIO(bundle.data)).extractall(folder)
    modules = sorted(n[:-3].replace("/__init__", "").replace("/", ".") for n in bundle.files)
    code = (
        "import importlib, json, sys\n"
        f"sys.path.insert(0, {str(folder)!r})\n"
        "failed = {}\n"
        f"for name in {modules!r}:\n"
        "    try:\n"
        "        importlib.import_module(name)\n"
        "    except Exception as e:\n"
        "        failed[name] = repr(e)\n"
        "outside = sorted(n for n, m in sys.modules.items() if n.split('.')[0] not in sys.stdlib_module_names\n"
        f"    and n != '__main__' and not (getattr(m, '__file__', None) or '').startswith({str(folder)!r}))\n"
        "origin = getattr(sys.modules.get('pickle_reactor'), '__file__', '') or ''\n"
        "print(json.dumps({'failed': failed, 'outside': outside, 'origin': origin}))\n"
    )
    result = subprocess.run([sys.executable, "-I", "-S", "-c", code], capture_output=True, text=True,
                            check=True, cwd=folder, timeout=60)
    report = json.loads(result.stdout)
    failed = {k: v for k, v in report["failed"].items() if not any(s in v for s in _PYODIDE_ONLY)}
    return modules, failed, report["outside"], report["origin"]
