"""The client bundle: the same bytes in every process, client code only, action modules as stubs."""

from __future__ import annotations

import gzip
import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import brotli
import pytest
from unpacked_bundle import import_unpacked

from pickle_reactor.server.bundle import (
    BundleError,
    build_bundle,
    bundle_files,
    content_hash,
    get_bundle,
    make_zip,
)
from pickle_reactor.server.slim import slim_source

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
COMPONENTS = ["pr_reactor_app.components", "pr_reactor_app.widgets"]
ACTIONS = ["pr_reactor_app.actions"]
@pytest.fixture(scope="module")
def bundle():
    return build_bundle(COMPONENTS, ACTIONS)


def _zip(data: bytes) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(data))


def _build_in_subprocess(seed: str) -> dict[str, str]:
    code = (
        "import hashlib, json\n"
        "from pickle_reactor.server.bundle import build_bundle\n"
        f"b = build_bundle({COMPONENTS!r}, {ACTIONS!r})\n"
        "print(json.dumps({'hash': b.hash, 'sha': hashlib.sha256(b.data).hexdigest(),\n"
        "    **{k: hashlib.sha256(v).hexdigest() for k, v in b.variants.items()}}))\n"
    )
    env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(HERE)}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env,
                            check=True, timeout=120)
    return json.loads(result.stdout)


def test_two_processes_build_identical_bytes(bundle) -> None:
    first, second = _build_in_subprocess("1"), _build_in_subprocess("2")
    assert first == second
    assert first["hash"] == bundle.hash == content_hash(bundle.data)
    assert set(first) == {"hash", "sha", "gzip", "br"}


def test_entries_are_sorted_stored_with_fixed_time_and_mode(bundle) -> None:
    infos = _zip(bundle.data).infolist()
    names = [info.filename for info in infos]
    assert names == sorted(names) == list(bundle.files)
    for info in infos:
        assert info.date_time == (1980, 1, 1, 0, 0, 0)
        assert info.external_attr >> 16 == 0o100644
        assert info.compress_type == zipfile.ZIP_STORED
        assert info.create_system == 3


def test_only_python_sources_no_caches(bundle) -> None:
    for name in bundle.files:
        assert name.endswith(".py") and "__pycache__" not in name, name


def test_framework_sources_ship_slimmed_and_an_apps_verbatim(bundle) -> None:
    """pickle_reactor's files lose docstrings and comments (server/slim.py); an app's ship as written."""
    archive = _zip(bundle.data)
    nodes = archive.read("pickle_reactor/core/nodes.py")
    assert nodes == slim_source((ROOT / "pickle_reactor" / "core" / "nodes.py").read_bytes())
    assert b'"""' not in nodes
    assert archive.read("pr_reactor_app/components.py") == (HERE / "pr_reactor_app" / "components.py").read_bytes()


def test_action_module_ships_as_its_stub_only(bundle) -> None:
    stub = _zip(bundle.data).read("pr_reactor_app/actions.py").decode()
    assert "async def add_item(**payload)" in stub
    assert "/_reactor/actions/pr_reactor_app.actions.add_item" in stub
    assert "ACTION_BODY_SECRET" not in stub and "pydantic" not in stub
    assert not any(b"ACTION_BODY_SECRET" in _zip(bundle.data).read(n) for n in bundle.files)


def test_stub_urls_follow_the_prefix() -> None:
    stub = bundle_files([], ACTIONS, prefix="/assets/pr")["pr_reactor_app/actions.py"].decode()
    assert "/assets/pr/actions/pr_reactor_app.actions.add_item" in stub


def test_parent_package_init_is_empty(bundle) -> None:
    archive = _zip(bundle.data)
    assert archive.read("pr_reactor_app/__init__.py") == b""


def test_only_core_browser_and_the_public_facades_ship(bundle) -> None:
    """The folder rule: core/ and browser/ ship whole, plus __init__, html and svg; nothing else of
    pickle_reactor (server/, testing/, the wiring) and never the in-memory DOM."""
    ours = [name for name in bundle.files if name.startswith("pickle_reactor/")]
    facades = {"pickle_reactor/__init__.py", "pickle_reactor/html.py", "pickle_reactor/svg.py"}
    stray = [n for n in ours if n not in facades and not n.startswith(("pickle_reactor/core/", "pickle_reactor/browser/"))]
    assert not stray, stray
    package = ROOT / "pickle_reactor"
    expected = {f"pickle_reactor/{p.relative_to(package).as_posix()}"
                for folder in ("core", "browser") for p in (package / folder).rglob("*.py")
                if "__pycache__" not in p.parts} | facades
    assert set(ours) == expected
    assert not any(n.startswith("pickle_reactor/testing/") for n in ours)


def test_unpacked_bundle_imports_with_the_standard_library_only(bundle, tmp_path: Path) -> None:
    """What the browser does: unpack into an empty site-packages and import every module."""
    _, failed, outside, origin = import_unpacked(bundle, tmp_path)
    assert origin.startswith(str(tmp_path))
    assert not failed, failed
    assert outside == []


def test_bundle_is_cached_per_configuration() -> None:
    first = get_bundle(COMPONENTS, ACTIONS)
    assert get_bundle(COMPONENTS, ACTIONS) is first
    other = get_bundle(COMPONENTS[:1], ACTIONS)
    assert other is not first and other.hash != first.hash
    assert "pr_reactor_app/widgets.py" not in other.files


def test_compressed_variants_decode_to_the_zip(bundle) -> None:
    assert gzip.decompress(bundle.variants["gzip"]) == bundle.data
    assert brotli.decompress(bundle.variants["br"]) == bundle.data
    assert len(bundle.variants["br"]) < len(bundle.variants["gzip"]) < len(bundle.data)
    assert bundle.filename == f"bundle-{bundle.hash}.zip"


def test_make_zip_ignores_insertion_order() -> None:
    assert make_zip({"b.py": b"1", "a.py": b"2"}) == make_zip({"a.py": b"2", "b.py": b"1"})


def test_module_in_both_lists_is_refused() -> None:
    with pytest.raises(BundleError, match="pr_reactor_app.bad is in both components and actions"):
        bundle_files(["pr_reactor_app.bad"], ["pr_reactor_app.bad"])


def test_unknown_module_is_named() -> None:
    with pytest.raises(BundleError, match="component module 'pr_reactor_app.nope' cannot be found"):
        bundle_files(["pr_reactor_app.nope"])
    with pytest.raises(BundleError, match="action module 'no_such_package.actions' cannot be found"):
        bundle_files([], ["no_such_package.actions"])


def test_compiled_module_is_refused() -> None:
    with pytest.raises(BundleError, match="'_json' is not Python source"):
        bundle_files(["_json"])


def test_pickle_reactor_itself_cannot_be_listed() -> None:
    with pytest.raises(BundleError, match="pickle_reactor's own modules ship already"):
        bundle_files(["pickle_reactor.html"])
