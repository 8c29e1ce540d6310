"""Per-request store values on both adapters: concurrent requests, made to interleave, each render and
send only their own value (Starlette through httpx's ASGI transport, Django through its test clients)."""

from __future__ import annotations

import asyncio
import json
import re
import tempfile
import threading
from pathlib import Path

import contrib_django_setup  # noqa: F401  (configures Django before anything below imports it)
import contrib_django_urls
import httpx
import pytest
from contrib_components import Shopper, shopper
from django.test import AsyncClient, Client
from jinja2 import DictLoader, Environment
from pickle_reactor.contrib.starlette import install
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.templating import Jinja2Templates

from pickle_reactor.reactor import Reactor
from pickle_reactor.server.islands import stores_markup
from pickle_reactor.server.pyodide_dist import RUNTIME_FILES

N = 12
SEEDS = re.compile(r'<script type="application/json" data-pr-stores>(.*?)</script>')


def check_page(html: str, who: str) -> None:
    """The page shows this request's shopper in both islands and carries its value exactly once."""
    assert html.count(f'<p class="shopper">{who}: {len(who)} items</p>') == 2, html
    seeds = SEEDS.findall(html)
    assert len(seeds) == 1, html
    assert json.loads(seeds[0]) == {"contrib_components.shopper": {"name": who, "items": list(who)}}
    assert html.index("data-pr-stores") < html.index("<pr-island")  # before any island hydrates


@pytest.fixture(scope="module")
def reactor() -> Reactor:
    pyodide_dir = Path(tempfile.mkdtemp(prefix="pr-store-pyodide-"))
    for name in RUNTIME_FILES:
        (pyodide_dir / name).write_bytes(b"stand-in")
    return Reactor(components=["contrib_components"], pyodide_dir=pyodide_dir)


def starlette_app(reactor: Reactor, barrier: threading.Barrier, arrived: list[int]) -> Starlette:
    templates = Jinja2Templates(env=Environment(autoescape=True, loader=DictLoader({
        "shop.html": "<!doctype html><html><body>{{ component('ShopperBadge') }}<hr>"
                     "{{ component('ShopperBadge') }}</body></html>"})))

    def give(request: Request) -> None:
        who = request.query_params["who"]
        reactor.provide(shopper, Shopper(name=who, items=tuple(who)))

    async def async_page(request: Request) -> Response:
        give(request)
        arrived.append(1)
        while len(arrived) < N:  # every other request provides its value before this one renders
            await asyncio.sleep(0.001)
        return templates.TemplateResponse(request, "shop.html", {})

    def sync_page(request: Request) -> Response:  # Starlette runs it in a worker thread
        give(request)
        barrier.wait(timeout=20)
        return templates.TemplateResponse(request, "shop.html", {})

    app = Starlette(routes=[Route("/async", async_page), Route("/sync", sync_page)])
    install(app, reactor, templates=templates)
    return app


@pytest.mark.parametrize("path", ["/async", "/sync"])
def test_starlette_concurrent_requests_each_get_only_their_own_store_value(reactor: Reactor, path: str) -> None:
    app = starlette_app(reactor, threading.Barrier(N), [])

    async def main() -> list[httpx.Response]:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as client:
            return await asyncio.gather(*(client.get(path, params={"who": f"user{i}"}) for i in range(N)))

    for i, response in enumerate(asyncio.run(main())):
        assert response.status_code == 200
        check_page(response.text, f"user{i}")
    assert shopper.get() == Shopper()  # nothing leaked into the process-wide value


def test_django_concurrent_sync_requests_in_threads_each_get_only_their_own_value() -> None:
    contrib_django_urls.GATE["barrier"] = threading.Barrier(N)
    pages: dict[int, str] = {}

    def get(i: int) -> None:
        pages[i] = Client().get("/store/", {"who": f"user{i}"}).content.decode()

    try:
        threads = [threading.Thread(target=get, args=(i,)) for i in range(N)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        contrib_django_urls.GATE["barrier"] = None
    assert sorted(pages) == list(range(N))
    for i, html in pages.items():
        check_page(html, f"user{i}")
    assert shopper.get() == Shopper()


def test_django_concurrent_async_requests_each_get_only_their_own_value() -> None:
    contrib_django_urls.GATE.update(arrived=0, expected=N)

    async def main() -> list[object]:
        return await asyncio.gather(*(AsyncClient().get("/async-store/", {"who": f"user{i}"}) for i in range(N)))

    try:
        responses = asyncio.run(main())
    finally:
        contrib_django_urls.GATE.update(arrived=0, expected=0)
    for i, response in enumerate(responses):
        check_page(response.content.decode(), f"user{i}")  # type: ignore[attr-defined]
    # A request after them, with no value provided, renders the default.
    html = Client().get("/island/").content.decode()
    assert "data-pr-stores" not in html


def test_a_value_json_cannot_carry_is_refused_naming_the_store_and_field(reactor: Reactor) -> None:
    with reactor.request_scope():
        with pytest.raises(TypeError, match=r"store 'contrib_components\.shopper': provide\(\): value\.items\[0\] "
                                            r"is a bytes, which is not JSON-serialisable"):
            reactor.provide(shopper, Shopper(items=(b"x",)))  # type: ignore[arg-type]
        assert "data-pr-stores" not in reactor.island("ShopperBadge")


def test_seed_blocks_cannot_end_the_script_element() -> None:
    html = stores_markup({"x": {"name": "</script><script>alert(1)</script><!--"}})
    assert html.count("</script>") == 1 and "<!--" not in html and "\\u003c/script\\u003e" in html
