"""Pages whose islands fail in the browser or on the server (tests/e2e/test_hydration_errors.py)."""

from __future__ import annotations

from pickle_reactor.contrib.starlette import install
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from pickle_reactor import Reactor

reactor = Reactor(components=["tests.e2e.apps.hydration_errors_components", "tests.e2e.apps.hydration_errors_broken"])

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title></head>
<body><main>{body}</main></body></html>"""


def page(title: str, *islands: str) -> HTMLResponse:
    return HTMLResponse(PAGE.format(title=title, body="".join(str(reactor.island(name)) for name in islands)))


async def broken(request: Request) -> HTMLResponse:
    return page("broken", "Good", "Chart", "Guarded", "ServerOnlyCrash")


async def crash(request: Request) -> HTMLResponse:
    return page("crash", "Good", "BrowserCrash")


async def fine(request: Request) -> HTMLResponse:
    return page("fine", "Good", "Guarded", "ServerOnlyCrash")


async def lazy(request: Request) -> HTMLResponse:
    body = str(reactor.island("Good")) + str(reactor.island("Chart", hydrate="interaction"))
    return HTMLResponse(PAGE.format(title="lazy", body=body))


async def favicon(request: Request) -> Response:
    return Response(status_code=204)


app = Starlette(routes=[Route("/", broken), Route("/crash", crash), Route("/fine", fine), Route("/lazy", lazy),
                        Route("/favicon.ico", favicon)])
install(app, reactor)
