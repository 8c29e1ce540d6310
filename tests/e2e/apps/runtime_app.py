"""A small Starlette app serving islands through Reactor + PickleReactorMiddleware (strict default CSP)."""

from __future__ import annotations

from pickle_reactor.contrib.starlette import install
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from pickle_reactor import Reactor

reactor = Reactor(components=["tests.e2e.apps.runtime_components"], debug=True)

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title></head>
<body><main>{body}</main></body></html>"""


async def counter(request: Request) -> HTMLResponse:
    body = reactor.island("Counter", initial=3) + reactor.island("TodoForm")
    return HTMLResponse(PAGE.format(title="runtime", body=body))


async def drift(request: Request) -> HTMLResponse:
    return HTMLResponse(PAGE.format(title="drift", body=reactor.island("Drifting")))


async def keyed(request: Request) -> HTMLResponse:
    return HTMLResponse(PAGE.format(title="keyed", body=reactor.island("KeyedList")))


async def cloned(request: Request) -> HTMLResponse:
    return HTMLResponse(PAGE.format(title="cloned", body=reactor.island("ClonedRows")))


async def favicon(request: Request) -> Response:
    return Response(status_code=204)  # a 404 here would be a console error in every test


app = Starlette(routes=[Route("/", counter), Route("/drift", drift), Route("/keyed", keyed), Route("/cloned", cloned),
                        Route("/favicon.ico", favicon)])
install(app, reactor)
