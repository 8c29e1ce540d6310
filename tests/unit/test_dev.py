"""The development loop's server half: <prefix>/dev/bundle and older bundles, in debug only."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from pickle_reactor import Reactor
from pickle_reactor.server import dev

ROOT = Path(__file__).resolve().parents[2]
NODE_PYODIDE = ROOT / "node_modules" / "pyodide"


@pytest.fixture
def dev_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PICKLE_REACTOR_DEV_DIR", str(tmp_path / "bundles"))
    return tmp_path / "bundles"


def make(debug: bool) -> Reactor:
    return Reactor(components=["pr_reactor_app.components"], actions=["pr_reactor_app.actions"],
                   pyodide_dir=NODE_PYODIDE, debug=debug)


def test_without_debug_there_is_no_dev_route(dev_dir: Path) -> None:
    reactor = make(debug=False)
    client = TestClient(reactor.app)
    assert client.get("/dev/bundle").status_code == 404
    assert not dev_dir.exists()  # nothing written either


def test_debug_says_where_the_current_bundle_is_and_keeps_it(dev_dir: Path) -> None:
    reactor = make(debug=True)
    client = TestClient(reactor.app)
    response = client.get("/dev/bundle")
    assert response.status_code == 200 and response.headers["cache-control"] == "no-store"
    assert json.loads(response.content) == {"bundle": reactor.asset_urls["bundle"], "boot": reactor.asset_urls["boot"]}
    assert (dev_dir / reactor.bundle.filename).read_bytes() == reactor.bundle.data


def test_debug_serves_an_earlier_process_bundle_and_nothing_else(dev_dir: Path) -> None:
    dev_dir.mkdir(parents=True)
    (dev_dir / "bundle-0123456789abcdef.zip").write_bytes(b"PK old bundle")
    (dev_dir / "secret.txt").write_bytes(b"no")
    client = TestClient(make(debug=True).app)
    assert client.get("/bundle-0123456789abcdef.zip").content == b"PK old bundle"
    for path in ("/secret.txt", "/bundle-0123.zip", "/bundle-0123456789abcdeg.zip", "/../secret.txt",
                 "/bundle-fedcba9876543210.zip"):
        assert client.get(path).status_code == 404, path
    assert dev.kept_bundle("../secret.txt") is None
