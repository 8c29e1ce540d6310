"""Fast Refresh under ``uvicorn --reload`` (tests/e2e/test_refresh.py): the components live in a
package the test writes and edits (``pr_live_app``, on ``PYTHONPATH``); Reactor(debug=True)."""

from __future__ import annotations

from pickle_reactor.contrib.starlette import install
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from pickle_reactor import Reactor

reactor = Reactor(components=["pr_live_app.components"], debug=True)


async def home(request: Request) -> HTMLResponse:
    return HTMLResponse('<!doctype html><html lang="en"><head><meta charset="utf-8"><title>live</title>'
                        f"</head><body>{reactor.island('Counter')}</body></html>")


async def favicon(request: Request) -> Response:
    return Response(status_code=204)


app = Starlette(routes=[Route("/", home), Route("/favicon.ico", favicon)])
install(app, reactor)
