"""The middleware and the action routes with the real Reactor (CDN Pyodide, so no local copy is needed)."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

import pytest
from starlette.applications import Starlette
from starlette.middleware.gzip import GZipMiddleware
from starlette.responses import HTMLResponse
from starlette.routing import Mount, Route
from starlette.testclient import TestClient

from pickle_reactor.asgi import PickleReactorMiddleware
from pickle_reactor.reactor import Reactor

CDN = "https://cdn.example/pyodide/v1/"


@pytest.fixture(scope="module")
def reactor() -> Reactor:
    return Reactor(components=["pr_reactor_app.components"], actions=["pr_reactor_app.actions", "pr_action_samples"],
                   pyodide=CDN)


def site(reactor: Reactor, csp: str | None = None) -> TestClient:
    async def page(request: Any) -> HTMLResponse:
        # island markup as reactor.island() writes it (docs/architecture.md), without needing SSR here
        island = ('<pr-island data-pr-component="pr_reactor_app.components.Greeting"><script '
                  'type="application/json" data-pr-props>{"name":"you"}</script><p>Hello, you!</p></pr-island>')
        headers = {"content-security-policy": csp} if csp else None
        return HTMLResponse(f"<!doctype html><html><body><main>{island}</main></body></html>", headers=headers)

    app = Starlette(routes=[Route("/", page), Mount(reactor.prefix, app=reactor.app)])
    app.add_middleware(PickleReactorMiddleware, reactor=reactor)
    app.add_middleware(GZipMiddleware, minimum_size=10)
    return TestClient(app, base_url="http://app.example")


def test_page_gets_the_reactor_bootstrap_and_default_policy(reactor: Reactor) -> None:
    response = site(reactor).get("/", headers={"accept-encoding": "gzip"})
    assert response.headers["content-encoding"] == "gzip"
    assert reactor.bootstrap_html(None) + "</body>" in response.text
    policy = response.headers["content-security-policy"]
    assert policy == reactor.default_csp
    assert "script-src 'self' 'wasm-unsafe-eval' https://cdn.example" in policy


def test_page_nonce_reaches_the_reactor_tags(reactor: Reactor) -> None:
    response = site(reactor, csp="script-src 'nonce-AbC' 'strict-dynamic'; object-src 'none'").get("/")
    assert reactor.bootstrap_html("AbC") in response.text
    assert response.headers["content-security-policy"] == (
        "script-src 'nonce-AbC' 'strict-dynamic' 'self' 'wasm-unsafe-eval' https://cdn.example; object-src 'none'")


def test_action_route_under_the_reactor_prefix(reactor: Reactor) -> None:
    client = site(reactor)
    url = "/_reactor/actions/pr_reactor_app.actions.add_item"
    ok = client.post(url, content=b'{"title": "pen"}', headers={"content-type": "application/json",
                                                                   "origin": "http://app.example"})
    assert ok.status_code == 200 and ok.json()["title"] == "pen"
    assert ok.headers["cache-control"] == "no-store"
    assert client.get(url).status_code == 405
    cross = client.post(url, content=b'{"title": "pen"}', headers={"content-type": "application/json",
                                                                      "sec-fetch-site": "cross-site"})
    assert cross.status_code == 403 and cross.headers["content-type"] == "application/problem+json"
    big = client.post(url, content=b" " * (reactor.max_body + 1), headers={"content-type": "application/json"})
    assert big.status_code == 413


def test_bundle_carries_stubs_and_no_action_body(reactor: Reactor) -> None:
    bundle = zipfile.ZipFile(io.BytesIO(reactor.bundle.data))
    everything = b"".join(bundle.read(name) for name in bundle.namelist())
    for secret in (b"ACTION_BODY_SECRET", b"hunter2", b"internal-secret-key", b"calls.append", b"import threading"):
        assert secret not in everything
    stub_names = [n for n in bundle.namelist() if n.endswith("pr_action_samples.py")]
    assert stub_names, bundle.namelist()
    stub = bundle.read(stub_names[0]).decode()
    assert "from pickle_reactor.core.actions import call_action" in stub
    assert json.dumps("/_reactor/actions/pr_action_samples.add_todo")[1:-1] in stub
