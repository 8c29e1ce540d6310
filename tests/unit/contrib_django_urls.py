"""A small URLconf for the adapter tests: pages with and without islands, and our include."""

from __future__ import annotations

import asyncio
import threading
import time
from typing import Any

from contrib_components import Shopper, shopper
from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.urls import include, path

PAGE = "<!doctype html><html><body>{}</body></html>"


def island_page(request: HttpRequest) -> HttpResponse:
    template = engines["django"].from_string(
        PAGE.format('{% load pickle_reactor %}<main>{% component "Greeting" name=who times=2 %}</main>')
    )
    response = HttpResponse(template.render({"who": request.GET.get("who", "Ada")}, request))
    response["Content-Length"] = str(len(response.content))
    response["ETag"] = '"page-v1"'  # describes the page before the bootstrap went in
    return response


def plain_page(request: HttpRequest) -> HttpResponse:
    return HttpResponse(PAGE.format("<p>no islands here</p>"))


def own_csp_page(request: HttpRequest) -> HttpResponse:
    """A view that sets its own policy, with a nonce, as an app without CSP middleware might."""
    template = engines["django"].from_string(PAGE.format('{% load pickle_reactor %}{% component "Greeting" %}'))
    response = HttpResponse(template.render({}, request))
    response["Content-Security-Policy"] = "default-src 'self'; script-src 'self' 'nonce-abc123' 'strict-dynamic'"
    return response


def json_page(request: HttpRequest) -> HttpResponse:
    return HttpResponse('{"html": "<pr-island"}', content_type="application/json")


# Set by the per-request store tests: how concurrent requests are made to interleave.
GATE: dict[str, Any] = {"barrier": None, "arrived": 0, "expected": 0}
SHOP = PAGE.format('{% load pickle_reactor %}{% component "ShopperBadge" %}<hr>{% component "ShopperBadge" %}')


def _provide_from(request: HttpRequest) -> None:
    from pickle_reactor.contrib.django import provide

    who = request.GET.get("who", "")
    provide(shopper, Shopper(name=who, items=tuple(who)))


def store_page(request: HttpRequest) -> HttpResponse:
    """Sync: provide this request's shopper, wait until every concurrent request has, then render."""
    _provide_from(request)
    barrier: threading.Barrier | None = GATE["barrier"]
    if barrier is not None:
        barrier.wait(timeout=20)
    return HttpResponse(engines["django"].from_string(SHOP).render({}, request))


async def async_store_page(request: HttpRequest) -> HttpResponse:
    """Async: the same, yielding to the other requests' tasks until all have provided their values."""
    _provide_from(request)
    GATE["arrived"] += 1
    deadline = time.monotonic() + 20
    while GATE["arrived"] < GATE["expected"] and time.monotonic() < deadline:
        await asyncio.sleep(0.001)
    return HttpResponse(engines["django"].from_string(SHOP).render({}, request))


urlpatterns = [
    path("store/", store_page),
    path("async-store/", async_store_page),
    path("island/", island_page),
    path("plain/", plain_page),
    path("own-csp/", own_csp_page),
    path("json/", json_page),
    path("_reactor/", include("pickle_reactor.contrib.django.urls")),
]
