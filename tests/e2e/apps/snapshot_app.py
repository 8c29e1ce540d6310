"""A page with a Roller island (and /heavy, an island whose module makes the heap > 30 MiB), under the strict default CSP, for tests/e2e/test_snapshot.py."""

from __future__ import annotations

from pickle_reactor.contrib.starlette import install
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from pickle_reactor import Reactor

reactor = Reactor(components=["tests.e2e.apps.snapshot_components", "tests.e2e.apps.snapshot_ballast"])

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>snapshot</title></head>
<body><main>{body}</main></body></html>"""


async def page(request: Request) -> HTMLResponse:
    return HTMLResponse(PAGE.format(body=reactor.island("Roller")))


async def heavy(request: Request) -> HTMLResponse:
    return HTMLResponse(PAGE.format(body=reactor.island("Heavy")))


async def favicon(request: Request) -> Response:
    return Response(status_code=204)


app = Starlette(routes=[Route("/", page), Route("/heavy", heavy), Route("/favicon.ico", favicon)])
install(app, reactor)
