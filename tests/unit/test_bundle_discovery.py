"""Bundle discovery: the app modules components import ship; what cannot run in the browser is refused
(with the chain and the fix) when the Reactor starts; client_packages vendors pure-Python distributions."""

from __future__ import annotations

import importlib.metadata
import subprocess
import sys
from pathlib import Path

import pytest
from unpacked_bundle import import_unpacked

from pickle_reactor import Reactor
from pickle_reactor.server.bundle import BundleError, build_bundle, bundle_files
from pickle_reactor.server.discovery import BROWSER_MISSING_STDLIB, discover

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
NODE_PYODIDE = ROOT / "node_modules" / "pyodide"
APP = HERE / "pr_discovery_app"
COMPONENTS = ["pr_discovery_app.components"]
ACTIONS = ["pr_discovery_app.actions"]
CLIENT = ["humanize"]
FIX = "move the import into an action module or behind `if TYPE_CHECKING`"


@pytest.fixture(scope="module")
def files() -> dict[str, bytes]:
    return bundle_files(COMPONENTS, ACTIONS, client_packages=CLIENT)


def test_a_helper_module_imported_by_a_component_ships(files: dict[str, bytes]) -> None:
    assert files["pr_discovery_app/helpers.py"] == (APP / "helpers.py").read_bytes()
    assert files["pr_discovery_app/formatting.py"] == (APP / "formatting.py").read_bytes()


def test_relative_absolute_and_submodule_imports_are_followed(files: dict[str, bytes]) -> None:
    # `from .deep import util` (a submodule), `from ..constants import EXCLAIM` (two dots),
    # `from pr_discovery_app.initpkg import VERSION` (absolute, a name of the package's __init__).
    for rel in ("deep/util.py", "constants.py", "initpkg/__init__.py", "initpkg/version.py"):
        assert files[f"pr_discovery_app/{rel}"] == (APP / rel).read_bytes(), rel


def test_parent_packages_get_empty_inits_unless_their_names_are_imported(files: dict[str, bytes]) -> None:
    assert files["pr_discovery_app/__init__.py"] == b""
    assert files["pr_discovery_app/deep/__init__.py"] == b""
    assert not any(b"INIT_SECRET" in data for data in files.values())


def test_action_module_becomes_its_stub_and_its_imports_are_not_followed(files: dict[str, bytes]) -> None:
    stub = files["pr_discovery_app/actions.py"].decode()
    assert "async def save(**payload)" in stub and "pydantic" not in stub
    assert "pr_discovery_app/models.py" not in files
    assert not any(name.startswith(("pydantic", "django")) for name in files)


def test_type_checking_and_optional_imports_are_ignored() -> None:
    found = discover(COMPONENTS, ACTIONS, CLIENT)
    assert found.problems == []
    assert not any("pydantic" in name or "no_such_optional" in name for name in found.files)


def test_a_chain_reaching_a_compiled_package_is_refused_with_the_chain() -> None:
    assert discover(["pr_discovery_app.bad_compiled"]).problems == [
        "pr_discovery_app.bad_compiled imports brotli (via pr_discovery_app.compiled_mid): it has compiled "
        f"extensions and cannot run in the browser; {FIX}"
    ]


def test_a_server_framework_is_refused_with_the_chain() -> None:
    (problem,) = discover(["pr_discovery_app.bad_chain"]).problems
    assert problem.startswith("pr_discovery_app.bad_chain imports pydantic (via pr_discovery_app.models): ")
    assert "cannot run in the browser" in problem and problem.endswith(FIX)


def test_a_stdlib_module_pyodide_lacks_is_refused_even_inside_a_function() -> None:
    (problem,) = discover(["pr_discovery_app.bad_stdlib"]).problems
    assert "imports tkinter: tkinter is not in Pyodide's standard library" in problem
    assert {"tkinter", "curses", "readline"} <= BROWSER_MISSING_STDLIB
    assert not {"json", "asyncio", "sqlite3", "decimal", "zoneinfo"} & BROWSER_MISSING_STDLIB


def test_server_parts_of_pickle_reactor_are_refused() -> None:
    (problem,) = discover(["pr_discovery_app.bad_ours"]).problems
    assert "imports pickle_reactor.reactor: pickle_reactor.reactor is server-only" in problem


def test_an_unlisted_action_module_ships_as_a_stub_and_check_says_to_list_it() -> None:
    found = discover(["pr_discovery_app.bad_unlisted_action"])
    assert found.problems == [] and "pr_discovery_app/actions.py" not in found.files
    (warning,) = found.warnings
    assert "imports pr_discovery_app.actions, which defines @action functions" in warning
    assert "Reactor(actions=[...])" in warning
    stub = bundle_files(["pr_discovery_app.bad_unlisted_action"])["pr_discovery_app/actions.py"].decode()
    assert "async def save(**payload)" in stub and "pydantic" not in stub
    reactor = Reactor(components=["pr_discovery_app.bad_unlisted_action"], pyodide_dir=NODE_PYODIDE)
    assert reactor.check() == [] and reactor.bundle_warnings() == [warning]


def test_an_unlisted_pure_python_package_says_add_it_to_client_packages() -> None:
    (problem,) = discover(COMPONENTS, ACTIONS).problems
    assert problem.startswith("pr_discovery_app.components imports humanize (via pr_discovery_app.formatting): ")
    assert "Reactor(client_packages=['humanize'])" in problem


def test_client_packages_vendors_the_distributions_python_files(files: dict[str, bytes]) -> None:
    dist = importlib.metadata.distribution("humanize")
    expected = sorted(str(p) for p in dist.files or [] if p.suffix == ".py" and p.parts[0] == "humanize"
                      and "__pycache__" not in p.parts)
    assert sorted(n for n in files if n.startswith("humanize/")) == expected
    assert files["humanize/__init__.py"] == Path(dist.locate_file("humanize/__init__.py")).read_bytes()
    assert not any(n.endswith((".mo", ".po", ".pyc")) or ".dist-info" in n for n in files)


@pytest.mark.parametrize(("name", "message"), [
    ("brotli", "'brotli' has compiled files (_brotli."),
    ("no-such-distribution-xyz", "the distribution 'no-such-distribution-xyz' is not installed on the server"),
    ("_pytest", "'_pytest' is an import name, not a distribution; write client_packages=['pytest']"),
    ("json", "'json' is part of the standard library, not a distribution"),
    ("pr_discovery_app.helpers", "is a module, not an installed distribution"),
])
def test_client_packages_errors(name: str, message: str) -> None:
    (problem,) = discover([], [], [name]).problems
    assert problem.startswith("client_packages: ") and message in problem
    with pytest.raises(BundleError, match="client_packages"):
        bundle_files([], client_packages=[name])


def test_reactor_refuses_at_construction_and_check_lists_problems() -> None:
    with pytest.raises(BundleError) as raised:
        Reactor(components=["pr_discovery_app.bad_compiled"], pyodide_dir=NODE_PYODIDE)
    assert "imports brotli (via pr_discovery_app.compiled_mid)" in str(raised.value)
    assert len(raised.value.problems) == 1
    with pytest.raises(BundleError, match="not installed"):
        Reactor(client_packages=["no-such-distribution-xyz"], pyodide_dir=NODE_PYODIDE)
    with pytest.raises(TypeError, match=r"client_packages=\['humanize'\]"):
        Reactor(client_packages="humanize", pyodide_dir=NODE_PYODIDE)
    reactor = Reactor(components=COMPONENTS, actions=ACTIONS, client_packages=CLIENT, pyodide_dir=NODE_PYODIDE)
    assert reactor.check() == []
    assert "humanize/__init__.py" in reactor.bundle.files
    reactor.client_packages = ("no-such-distribution-xyz",)  # as if the environment changed since start-up
    assert any("not installed" in p for p in reactor.check())


def _build_in_subprocess(seed: str) -> str:
    code = ("import hashlib\nfrom pickle_reactor.server.bundle import build_bundle\n"
            f"print(hashlib.sha256(build_bundle({COMPONENTS!r}, {ACTIONS!r}, client_packages={CLIENT!r}).data).hexdigest())")
    env = {"PYTHONHASHSEED": seed, "PYTHONPATH": str(HERE), "PATH": "/usr/bin:/bin"}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env,
                          check=True, timeout=120).stdout.strip()


def test_the_discovered_bundle_is_deterministic() -> None:
    assert _build_in_subprocess("1") == _build_in_subprocess("2")


def test_unpacked_bundle_imports_with_the_standard_library_only(tmp_path: Path) -> None:
    """Helpers and vendored packages are inside the bundle: nothing else outside the stdlib is needed."""
    bundle = build_bundle(COMPONENTS, ACTIONS, client_packages=CLIENT)
    modules, failed, outside, _ = import_unpacked(bundle, tmp_path)
    assert not failed, failed
    assert outside == []
    assert "humanize" in modules and "pr_discovery_app.helpers" in modules
