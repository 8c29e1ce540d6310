"""The action endpoint and the asset files as Django views.

``action`` runs Django's own CSRF check (``CsrfViewMiddleware``: the ``X-CSRFToken`` header, which the
browser runtime sends from the ``csrftoken`` cookie, plus Django's origin/referer checks) before the
shared dispatcher's checks (origin, content type, size, payload). Like Django REST framework's views, it
is marked ``csrf_exempt`` and runs that check itself, so a rejection is a problem+json 403 the client can
read instead of Django's HTML error page. It is a sync view: actions that use the ORM run exactly as in
any other Django view (under ASGI Django gives each request its own thread).
``asset`` hands the request to ``reactor.app``, the same ASGI app Starlette mounts, so both frameworks
serve byte-identical, content-hashed files with the same caching, compression and 404 rules.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.views.decorators.csrf import csrf_exempt
from pickle_reactor.server.actions.problem import PROBLEM_CONTENT_TYPE, problem_body

from .conf import get_reactor

__all__ = ["action", "asset"]

_CHUNK = 64 * 1024


def _headers(request: HttpRequest) -> dict[str, str]:
    return {name.lower(): value for name, value in request.headers.items()}


def _body(request: HttpRequest) -> Iterator[bytes]:
    """The request body in chunks, so the dispatcher can stop reading at its size cap."""
    return iter(lambda: request.read(_CHUNK), b"")


class _CsrfCheck(CsrfViewMiddleware):
    """Django's CSRF middleware, answering a rejection with problem+json."""

    def _reject(self, request: HttpRequest, reason: str) -> HttpResponse:
        response = HttpResponse(
            problem_body(403, "CSRF verification failed: send the csrftoken cookie's value as X-CSRFToken."),
            status=403,
            content_type=PROBLEM_CONTENT_TYPE,
        )
        response.headers["Cache-Control"] = "no-store"
        return response


def _csrf_failure(request: HttpRequest) -> HttpResponse | None:
    check = _CsrfCheck(lambda req: HttpResponse())
    check.process_request(request)
    return check.process_view(request, None, (), {})


@csrf_exempt  # the check below is Django's, answered as problem+json
def action(request: HttpRequest, name: str) -> HttpResponse:
    """``POST <prefix>/actions/<module.function>`` with a JSON body; the action gets this Django request."""
    if request.method == "POST":
        rejected = _csrf_failure(request)
        if rejected is not None:
            return rejected
    dispatcher = get_reactor().dispatcher
    result = dispatcher.dispatch_sync(name, request.method or "GET", _headers(request), _body(request), request)
    response = HttpResponse(result.body, status=result.status)
    for key, value in result.headers:
        response.headers[key] = value
    return response


async def asset(request: HttpRequest, path: str) -> HttpResponse:
    """``GET <prefix>/<file>``: boot module, bundle, Pyodide files (see ``reactor.app``)."""
    status, headers, body = await _call_asgi(get_reactor().app, request, "/" + path)
    response = HttpResponse(body, status=status)
    for key, value in headers:
        if key.lower() != "content-length" or request.method != "HEAD":
            response.headers[key] = value
    return response


async def _call_asgi(app: Any, request: HttpRequest, path: str) -> tuple[int, list[tuple[str, str]], bytes]:
    """Run an ASGI app for one bodiless request and collect its answer."""
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": request.method or "GET",
        "scheme": request.scheme,
        "path": path,
        "raw_path": path.encode("utf-8"),
        "root_path": "",
        "query_string": request.META.get("QUERY_STRING", "").encode("latin-1"),
        "headers": [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in request.headers.items()],
        "client": None,
        "server": None,
    }
    received = False

    async def receive() -> dict[str, Any]:
        nonlocal received
        if received:
            return {"type": "http.disconnect"}
        received = True
        return {"type": "http.request", "body": b"", "more_body": False}

    start: dict[str, Any] = {}
    chunks: list[bytes] = []

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            start.update(message)
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    await app(scope, receive, send)
    headers = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in start.get("headers", ())]
    return int(start.get("status", 500)), headers, b"".join(chunks)
