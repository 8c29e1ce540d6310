"""Two islands and plain server HTML, for the integrity, Trusted Types and fault tests.

``PR_PYODIDE`` sets Reactor(pyodide=...): "local" (default) or a CDN base URL the test fulfils itself.
"""

from __future__ import annotations

import os

from pickle_reactor.contrib.starlette import install
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from pickle_reactor import Reactor

reactor = Reactor(
    components=["tests.e2e.apps.hardening_components"],
    actions=["tests.e2e.apps.hardening_actions"],
    pyodide=os.environ.get("PR_PYODIDE", "local"),
)

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>hardening</title></head>
<body><main><h1 id="title">Server HTML</h1><a id="plain" href="/other">a plain link</a>{rich}{caller}</main>
</body></html>"""


async def home(request: Request) -> HTMLResponse:
    return HTMLResponse(PAGE.format(rich=reactor.island("Rich"), caller=reactor.island("Caller", start=21)))


async def other(request: Request) -> HTMLResponse:
    return HTMLResponse('<!doctype html><html lang="en"><head><meta charset="utf-8"><title>other</title></head>'
                        '<body><p id="other">another page</p></body></html>')


async def favicon(request: Request) -> Response:
    return Response(status_code=204)


app = Starlette(routes=[Route("/", home), Route("/other", other), Route("/favicon.ico", favicon)])
install(app, reactor)
