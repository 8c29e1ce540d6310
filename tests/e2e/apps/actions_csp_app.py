"""A page whose own CSP is nonce-based with 'strict-dynamic': the middleware must merge into it and reuse
its nonce, and the island's action call must work with the policy enforced."""

from __future__ import annotations

import secrets

from pickle_reactor.contrib.starlette import install
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from pickle_reactor import Reactor

reactor = Reactor(components=["tests.e2e.apps.actions_csp_components"], actions=["tests.e2e.apps.actions_csp_actions"])


async def page(request: Request) -> HTMLResponse:
    nonce = secrets.token_urlsafe(16)
    policy = f"default-src 'self'; script-src 'nonce-{nonce}' 'strict-dynamic'; object-src 'none'; base-uri 'none'"
    body = reactor.island("Adder")
    html = f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>actions</title></head><body>{body}</body></html>'
    return HTMLResponse(html, headers={"content-security-policy": policy})


async def favicon(request: Request) -> Response:
    return Response(status_code=204)


app = Starlette(routes=[Route("/", page), Route("/favicon.ico", favicon)])
install(app, reactor)
