"""Pages for the store end-to-end tests: two islands sharing a store, a per-request value, navigation."""

from __future__ import annotations

from pickle_reactor.contrib.starlette import install
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from pickle_reactor import Reactor

from .stores_components import Shopper, shopper

reactor = Reactor(components=["tests.e2e.apps.stores_components"], navigation=True, debug=True)

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title></head>
<body><nav><a id="to-shop" href="/shop">Shop</a> <a id="to-checkout" href="/checkout?who=zed">Checkout</a></nav>
<h1>{title}</h1><header>{badge}</header><main>{body}</main></body></html>"""


def give_shopper(request: Request) -> None:
    who = request.query_params.get("who")
    if who:
        reactor.provide(shopper, Shopper(name=who))


async def shop(request: Request) -> HTMLResponse:
    give_shopper(request)
    return HTMLResponse(PAGE.format(title="Shop", badge=reactor.island("CartBadge"),
                                    body=reactor.island("ProductList")))


async def checkout(request: Request) -> HTMLResponse:
    give_shopper(request)
    return HTMLResponse(PAGE.format(title="Checkout", badge=reactor.island("CartBadge"), body="<p>Pay here.</p>"))


async def favicon(request: Request) -> Response:
    return Response(status_code=204)


app = Starlette(routes=[Route("/shop", shop), Route("/checkout", checkout), Route("/favicon.ico", favicon)])
install(app, reactor)
