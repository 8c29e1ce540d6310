"""Starlette app for tests/e2e/test_vendored.py (strict default CSP)."""

from __future__ import annotations

from pickle_reactor.contrib.starlette import install
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from pickle_reactor import Reactor

reactor = Reactor(components=["tests.e2e.apps.vendored.components"], client_packages=["humanize"])


async def home(request: Request) -> HTMLResponse:
    return HTMLResponse('<!doctype html><html lang="en"><head><meta charset="utf-8"><title>wallet</title>'
                        f"</head><body>{reactor.island('Wallet', start=1234)}</body></html>")


async def favicon(request: Request) -> Response:
    return Response(status_code=204)


app = Starlette(routes=[Route("/", home), Route("/favicon.ico", favicon)])
install(app, reactor)
