"""The Starlette/FastAPI adapter: install() wires middleware + mount, the Jinja2 global renders islands."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from jinja2 import DictLoader, Environment
from pickle_reactor.contrib.starlette import install
from starlette.applications import Starlette
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates
from starlette.testclient import TestClient

from pickle_reactor.reactor import Reactor, UnknownComponent
from pickle_reactor.server.pyodide_dist import RUNTIME_FILES

ACTION_URL = "/_reactor/actions/contrib_actions.shout"


@pytest.fixture(scope="module")
def reactor() -> Reactor:
    pyodide_dir = Path(tempfile.mkdtemp(prefix="pr-starlette-pyodide-"))
    for name in RUNTIME_FILES:
        (pyodide_dir / name).write_bytes(f"stand-in for {name}".encode())
    return Reactor(components=["contrib_components"], actions=["contrib_actions"], pyodide_dir=pyodide_dir)


def make_templates() -> Jinja2Templates:
    env = Environment(autoescape=True, loader=DictLoader({
        "page.html": "<!doctype html><html><body><main>{{ component('Greeting', name=who, times=2) }}</main></body></html>",
        "plain.html": "<!doctype html><html><body><p>{{ who }}</p></body></html>",
        "bad.html": "<body>{{ component('Greting') }}</body>",
    }))
    return Jinja2Templates(env=env)


def starlette_app(reactor: Reactor) -> Starlette:
    templates = make_templates()

    async def page(request: Request) -> Response:
        return templates.TemplateResponse(request, "page.html", {"who": request.query_params.get("who", "Ada")})

    async def plain(request: Request) -> Response:
        return templates.TemplateResponse(request, "plain.html", {"who": "<b>x</b>"})

    async def bad(request: Request) -> Response:
        return templates.TemplateResponse(request, "bad.html", {})

    # A catch-all mount registered first: install() must still win for the prefix.
    static = Path(tempfile.mkdtemp(prefix="pr-static-"))
    app = Starlette(routes=[Route("/page", page), Route("/plain", plain), Route("/bad", bad),
                            Mount("/", StaticFiles(directory=static, html=True))])
    install(app, reactor, templates=templates)
    app.add_middleware(GZipMiddleware, minimum_size=10)  # added after install: outside ours, as documented
    return app


def test_component_global_renders_the_island_unescaped_with_escaped_props(reactor: Reactor) -> None:
    html = TestClient(starlette_app(reactor)).get("/page", params={"who": "<Ada & Bob>"}).text
    assert '<pr-island data-pr-component="contrib_components.Greeting">' in html
    assert "Hello &lt;Ada &amp; Bob&gt;!!" in html
    props = html.split("data-pr-props>", 1)[1].split("</script>", 1)[0]
    assert json.loads(props) == {"name": "<Ada & Bob>", "times": 2}


def test_page_with_island_gets_bootstrap_and_csp(reactor: Reactor) -> None:
    response = TestClient(starlette_app(reactor)).get("/page")
    assert reactor.bootstrap_html(None) + "</body></html>" in response.text
    assert response.headers["content-security-policy"] == reactor.default_csp


def test_gzip_added_after_install_compresses_the_injected_page(reactor: Reactor) -> None:
    response = TestClient(starlette_app(reactor)).get("/page", headers={"accept-encoding": "gzip"})
    assert response.headers["content-encoding"] == "gzip"
    assert reactor.bootstrap_html(None) in response.text  # httpx decompressed it


def test_plain_page_is_untouched_and_still_autoescaped(reactor: Reactor) -> None:
    response = TestClient(starlette_app(reactor)).get("/plain")
    assert response.text == "<!doctype html><html><body><p>&lt;b&gt;x&lt;/b&gt;</p></body></html>"
    assert "content-security-policy" not in response.headers


def test_unknown_component_in_a_template_raises_naming_it(reactor: Reactor) -> None:
    with pytest.raises(UnknownComponent, match="'Greting'"):
        TestClient(starlette_app(reactor)).get("/bad")


def test_mount_wins_over_an_earlier_catch_all_and_serves_assets(reactor: Reactor) -> None:
    client = TestClient(starlette_app(reactor))
    boot = client.get(reactor.asset_urls["boot"])
    assert boot.status_code == 200 and "immutable" in boot.headers["cache-control"]
    wasm = client.get("/_reactor/pyodide/pyodide.asm.wasm")
    assert wasm.headers["content-type"] == "application/wasm"
    assert wasm.content == b"stand-in for pyodide.asm.wasm"


def test_action_round_trip_gets_the_starlette_request(reactor: Reactor) -> None:
    response = TestClient(starlette_app(reactor)).post(ACTION_URL, json={"text": "hi"})
    assert response.status_code == 200
    assert response.json() == {"text": "HI", "request": "starlette.requests.Request"}


def test_action_validation_error_is_problem_json(reactor: Reactor) -> None:
    response = TestClient(starlette_app(reactor)).post(ACTION_URL, json={"text": "x" * 21})
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["errors"][0]["pointer"] == "#/text"


def test_fastapi_works_the_same_way(reactor: Reactor) -> None:
    app = FastAPI()
    templates = make_templates()

    @app.get("/", response_class=HTMLResponse)
    async def home(request: Request) -> Response:
        return templates.TemplateResponse(request, "page.html", {"who": "FastAPI"})

    install(app, reactor, templates=templates)
    client = TestClient(app)
    page = client.get("/")
    assert "Hello FastAPI!!" in page.text and reactor.bootstrap_html(None) in page.text
    assert client.post(ACTION_URL, json={"text": "ok"}).json()["text"] == "OK"
    assert client.get(reactor.asset_urls["bundle"]).content == reactor.bundle.data
