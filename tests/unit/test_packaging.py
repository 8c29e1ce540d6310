"""The package installs what the source tree holds, and the core never imports a host framework."""

from __future__ import annotations

import configparser
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Everything that ships to the browser, and the in-memory DOM of pickle_reactor.testing.
CORE_MODULES = [
    "pickle_reactor",
    "pickle_reactor.html",
    "pickle_reactor.svg",
    "pickle_reactor.core",
    "pickle_reactor.core.reconciler",
    "pickle_reactor.browser.client",
    "pickle_reactor.testing",
]


def _declared_packages() -> set[str]:
    cfg = configparser.ConfigParser()
    cfg.read(ROOT / "setup.cfg")
    return {line.strip() for line in cfg["options"]["packages"].splitlines() if line.strip()}


def _source_packages() -> set[str]:
    found = set()
    for base, prefix in ((ROOT / "pickle_reactor", "pickle_reactor"), (ROOT / "contrib", "pickle_reactor.contrib")):
        for init in base.rglob("__init__.py"):
            if "__pycache__" in init.parts:
                continue
            rel = init.parent.relative_to(base).parts
            found.add(".".join((prefix, *rel)))
    return found


def test_every_package_folder_is_declared_in_setup_cfg() -> None:
    missing = _source_packages() - _declared_packages()
    assert not missing, f"add these to [options] packages in setup.cfg: {sorted(missing)}"


def test_declared_packages_exist() -> None:
    stale = _declared_packages() - _source_packages()
    assert not stale, f"setup.cfg lists packages that do not exist: {sorted(stale)}"


def test_core_imports_no_host_framework_nor_pydantic() -> None:
    code = (
        "import importlib, sys\n"
        f"for name in {CORE_MODULES!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in {'django', 'starlette', 'pydantic', 'pickle'})\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert result.stdout.strip() == "", f"the core imported: {result.stdout.strip()}"


def test_py_typed_ships() -> None:
    assert (ROOT / "pickle_reactor" / "py.typed").exists()
    cfg = configparser.ConfigParser()
    cfg.read(ROOT / "setup.cfg")
    assert "py.typed" in cfg["options.package_data"]["pickle_reactor"]


def test_no_module_uses_pickle() -> None:
    offenders = [
        str(path.relative_to(ROOT))
        for folder in ("pickle_reactor", "contrib")
        for path in (ROOT / folder).rglob("*.py")
        if any(line.strip().startswith(("import pickle", "from pickle ")) for line in path.read_text().splitlines())
    ]
    assert not offenders, offenders
