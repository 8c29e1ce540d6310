"""One island with a 100,000-row VirtualList (Reactor + install)."""

from __future__ import annotations

from pickle_reactor.contrib.starlette import install
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from pickle_reactor import Reactor

reactor = Reactor(components=["tests.e2e.apps.virtual_list_components"])

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>virtual list</title></head>
<body><main>{body}</main></body></html>"""


async def home(request: Request) -> HTMLResponse:
    return HTMLResponse(PAGE.format(body=reactor.island("BigList")))


async def favicon(request: Request) -> Response:
    return Response(status_code=204)


app = Starlette(routes=[Route("/", home), Route("/favicon.ico", favicon)])
install(app, reactor)
