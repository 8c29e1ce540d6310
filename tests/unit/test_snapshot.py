"""The memory-snapshot start's Python and server halves: prepare/reseed (browser/snapshot.py), the
snapshot worker asset, and ``python -m pickle_reactor build``. The browser half: tests/e2e/test_snapshot.py."""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from pickle_reactor.__main__ import build, load_reactor, main
from pickle_reactor.browser import snapshot
from pickle_reactor.reactor import Reactor
from pickle_reactor.server.assets import (
    BOOT_SOURCE,
    DEV_SOURCE,
    NAVIGATION_SOURCE,
    WORKER_SOURCE,
    sri,
    load_boot,
    load_boot_assets,
)
from pickle_reactor.server.bundle import content_hash

ROOT = Path(__file__).resolve().parents[2]
NODE_PYODIDE = ROOT / "node_modules" / "pyodide"


def test_module_of_a_qualified_component_name() -> None:
    assert snapshot.module_of("app.components.Counter") == "app.components"
    assert snapshot.module_of("Counter") == ""


def test_prepare_imports_the_client_and_the_island_modules(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("pickle_reactor.browser.client", "pr_reactor_app.widgets"):
        monkeypatch.delitem(sys.modules, name, raising=False)
    failed = json.loads(snapshot.prepare(json.dumps(["pr_reactor_app.widgets.Badge", "pr_reactor_app.widgets.X"])))
    assert failed == []
    assert "pickle_reactor.browser.client" in sys.modules and "pr_reactor_app.widgets" in sys.modules


def test_prepare_reports_modules_that_fail_to_import_and_goes_on() -> None:
    failed = json.loads(snapshot.prepare(json.dumps(["no_such_module_here.Comp", "Bare"])))
    assert len(failed) == 1 and failed[0].startswith("no_such_module_here: ModuleNotFoundError"), failed
    assert json.loads(snapshot.prepare()) == []


def test_reseed_gives_the_module_generator_fresh_entropy() -> None:
    random.seed(1234)  # what every restore of one snapshot would start from
    state = random.getstate()
    snapshot.reseed()
    first = random.random()
    random.setstate(state)
    snapshot.reseed()
    assert random.random() != first


def test_boot_and_its_companions_share_one_hash_over_all_files() -> None:
    boot, worker, navigation, _dev = load_boot_assets()
    digest = content_hash(BOOT_SOURCE.read_bytes() + b"\0" + WORKER_SOURCE.read_bytes() + b"\0"
                          + NAVIGATION_SOURCE.read_bytes() + b"\0" + DEV_SOURCE.read_bytes())
    assert boot.name == f"boot-{digest}.mjs" and worker.name == f"boot-{digest}.worker.mjs"
    assert navigation.name == f"boot-{digest}.navigation.mjs"
    assert boot.data == BOOT_SOURCE.read_bytes() and worker.data == WORKER_SOURCE.read_bytes()
    assert navigation.data == NAVIGATION_SOURCE.read_bytes()
    assert load_boot().name == boot.name


def test_a_changed_companion_changes_the_boot_url(tmp_path: Path) -> None:
    other = tmp_path / "worker.mjs"
    other.write_bytes(WORKER_SOURCE.read_bytes() + b"\n// changed\n")
    assert load_boot_assets(BOOT_SOURCE, other)[0].name != load_boot_assets()[0].name
    nav = tmp_path / "navigation.mjs"
    nav.write_bytes(NAVIGATION_SOURCE.read_bytes() + b"\n// changed\n")
    assert load_boot_assets(BOOT_SOURCE, WORKER_SOURCE, nav)[0].name != load_boot_assets()[0].name


@pytest.mark.skipif(not (NODE_PYODIDE / "pyodide.asm.wasm").exists(), reason="run npm ci first")
def test_worker_is_served_immutable_beside_the_boot_module() -> None:
    reactor = Reactor(components=["pr_reactor_app.components"], pyodide_dir=NODE_PYODIDE)
    client = TestClient(reactor.app)
    boot_url = reactor.asset_urls["boot"]
    response = client.get(boot_url.removeprefix("/_reactor").replace(".mjs", ".worker.mjs"),
                          headers={"accept-encoding": "identity"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/javascript; charset=utf-8"
    assert response.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert response.content == WORKER_SOURCE.read_bytes()
    assert client.get("/snapshot_worker.mjs").status_code == 404
    html = reactor.bootstrap_html()
    worker_url = boot_url.replace(".mjs", ".worker.mjs")
    assert f'href="{worker_url}"' not in html  # nothing preloads it: it runs only after hydration
    assert reactor.integrity()[worker_url] == sri(WORKER_SOURCE.read_bytes())  # boot.mjs checks it first


@pytest.fixture
def reactor_module(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    package = tmp_path / "pr_build_app"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "web.py").write_text(
        "from pickle_reactor import Reactor\n"
        f"reactor = Reactor(components=['pr_reactor_app.components'], pyodide_dir={str(NODE_PYODIDE)!r})\n"
        "not_a_reactor = 3\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    return "pr_build_app.web"


@pytest.mark.skipif(not (NODE_PYODIDE / "pyodide.asm.wasm").exists(), reason="run npm ci first")
def test_build_prints_every_file_with_its_hash_and_writes_them(reactor_module: str, tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert main(["build", "--reactor", f"{reactor_module}:reactor", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    reactor = load_reactor(f"{reactor_module}:reactor")
    boot, worker, navigation, _dev = load_boot_assets()
    for name in (boot.name, worker.name, reactor.bundle.filename):
        assert f"/_reactor/{name}" in printed
        assert (out / name).is_file() and (out / (name + ".br")).is_file() and (out / (name + ".gz")).is_file()
    assert (out / reactor.bundle.filename).read_bytes() == reactor.bundle.data


def test_build_fails_clearly_on_a_bad_reactor_spec(reactor_module: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", "--reactor", f"{reactor_module}:not_a_reactor"]) == 1
    assert "is a int, not a Reactor" in capsys.readouterr().err
    assert main(["build", "--reactor", "no_colon_here"]) == 1
    assert main(["build", "--reactor", "pr_build_app.nothing:reactor"]) == 1
    assert "No module named" in capsys.readouterr().err


def test_build_reports_missing_pyodide(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lines: list[str] = []
    module = tmp_path / "pr_build_missing.py"
    module.write_text("from pickle_reactor import Reactor\n"
                      f"reactor = Reactor(components=['pr_reactor_app.components'], pyodide_dir={str(tmp_path / 'none')!r})\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert build("pr_build_missing:reactor", echo=lambda *a, **k: lines.append(" ".join(map(str, a)))) == 1
    assert any("pyodide fetch" in line for line in lines), lines
