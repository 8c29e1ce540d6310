"""Pages for the client-navigation and lazy-island end-to-end tests: Reactor(navigation=True), strict CSP."""

from __future__ import annotations

from pickle_reactor.contrib.starlette import install
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from pickle_reactor import Reactor

reactor = Reactor(components=["tests.e2e.apps.navigation_components"], navigation=True, debug=True)

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="description" content="{title} page">
<title>{title}</title>{head}</head>
<body><nav><a id="to-a" href="/a">A</a> <a id="to-b" href="/b">B</a> <a id="to-b-reload" href="/b" data-pr-reload>B (reload)</a> <a id="to-a-reload" href="/a" data-pr-reload>A (reload)</a>
<a id="to-boom" href="/boom">Boom</a> <a id="to-plain" href="/plain">Plain</a> <a id="to-lazy" href="/lazy">Lazy</a>
<a id="to-new-tab" href="/b" target="_blank">B (new tab)</a> <a id="to-plain-quiet" href="/plain" data-pr-prefetch="none">Plain (no prefetch)</a>
<a id="to-deploy" href="/other-deploy">Other deploy</a></nav>
<form id="search" action="/b" method="get"><input name="q" value="kiwi"><button id="go">Go</button></form>
<main>{body}</main></body></html>"""


def page(title: str, body: str, head: str = "") -> HTMLResponse:
    return HTMLResponse(PAGE.format(title=title, body=body, head=head))


async def a(request: Request) -> HTMLResponse:
    return page("Page A", "<h1>A</h1>" + reactor.island("Counter", persist="counter")
                + reactor.island("Lifecycle", label="A") + reactor.island("Echo", name="echo-a"))


async def b(request: Request) -> HTMLResponse:
    query = request.query_params.get("q", "")
    return page("Page B", f"<h1>B</h1><p id=query>q={query}</p>" + reactor.island("Echo", name="echo-b")
                + reactor.island("Counter", persist="counter"),
                head='<link rel="stylesheet" href="/b.css">')


async def plain(request: Request) -> HTMLResponse:
    return page("Plain", "<h1>Plain</h1><p>No island here.</p>")


async def lazy(request: Request) -> HTMLResponse:
    spacer = "<p>spacer</p>" * 300  # keeps the "visible" island below the fold (no inline styles: CSP)
    return page("Lazy", "<h1>Lazy</h1>" + reactor.island("Echo", name="lazy-interaction", hydrate="interaction")
                + spacer + reactor.island("Echo", name="lazy-visible", hydrate="visible"))


async def idle(request: Request) -> HTMLResponse:
    return page("Idle", "<h1>Idle</h1>" + reactor.island("Counter", hydrate="idle"))


async def other_deploy(request: Request) -> HTMLResponse:
    # What a page from a newer deploy looks like to the old one: another boot module URL. The inert
    # text/plain copy comes first, so the navigation code finds it; the real bootstrap still runs.
    stale = ('<script type="text/plain" src="/_reactor/boot-0000000000000000.mjs" data-pr-navigation '
             'data-pr-bundle="/_reactor/bundle-0000000000000000.zip"></script>')
    return page("Other deploy", "<h1>Other deploy</h1>" + stale + reactor.island("Counter"))


async def boom(request: Request) -> Response:
    return HTMLResponse("<!doctype html><title>Broken</title><h1>Server error</h1>", status_code=500)


async def stylesheet(request: Request) -> Response:
    return Response("h1 { color: rgb(0, 128, 0); }", media_type="text/css")


async def favicon(request: Request) -> Response:
    return Response(status_code=204)


app = Starlette(routes=[Route("/a", a), Route("/b", b), Route("/plain", plain), Route("/lazy", lazy), Route("/idle", idle),
                        Route("/boom", boom), Route("/other-deploy", other_deploy), Route("/b.css", stylesheet), Route("/favicon.ico", favicon)])
install(app, reactor)
