"""``PickleReactorMiddleware``: a pure ASGI middleware that adds the bootstrap to pages with islands.

::

    app.add_middleware(PickleReactorMiddleware, reactor=reactor, max_buffer=2 * 1024 * 1024)

It rewrites a response only when all of these hold: HTTP, status 200, ``text/html`` in UTF-8 (or no
charset), no ``Content-Encoding``, no trailers, the whole body fits in ``max_buffer``, and the body
contains ``<pr-island`` (with ``Reactor(navigation=True)``: any ``</body>``, so that every page can be
reached by client navigation). Then it inserts ``reactor.bootstrap_html(nonce)`` before the last ``</body>``,
fixes ``Content-Length``, drops ``ETag``, and edits the page's CSP in place (enforced and Report-Only:
``reactor.csp_additions()`` merged, the page's nonce reused on our tags) or, when the page has no CSP
at all, sets ``reactor.default_csp`` (``None`` turns that off). Anything else passes through byte for
byte; a larger body is streamed on unchanged once it passes the cap; HEAD gets headers only;
websocket and lifespan scopes are not touched. Install it *inside* compression middleware (add it
first with ``add_middleware``), since it leaves compressed bodies alone.
"""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any, Protocol

from .core.store import request_scope
from .server.security import find_nonce, merge_header, needs_nonce, parse_policies

__all__ = ["DEFAULT_MAX_BUFFER", "PickleReactorMiddleware", "ReactorLike"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

DEFAULT_MAX_BUFFER = 2 * 1024 * 1024
ISLAND_MARKER = b"<pr-island"
_CSP = b"content-security-policy"
_CSP_REPORT_ONLY = b"content-security-policy-report-only"


class ReactorLike(Protocol):
    """What the middleware needs from a ``Reactor``."""

    default_csp: str | None

    def bootstrap_html(self, nonce: str | None, *, islands: bool = True, user_agent: str | None = None) -> str:
        """The ``<script type="module" src=…>`` and preload tags, carrying ``nonce`` when given
        (``user_agent``: the request's, since the preloads that pay off differ by engine)."""
        ...

    def csp_additions(self) -> dict[str, list[str]]:
        """Sources our scripts need, by directive (``{"script-src": ["'self'", "'wasm-unsafe-eval'"]}``)."""
        ...


class PickleReactorMiddleware:
    def __init__(self, app: ASGIApp, reactor: ReactorLike, max_buffer: int = DEFAULT_MAX_BUFFER) -> None:
        self.app = app
        self.reactor = reactor
        self.max_buffer = max_buffer

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        responder = BootstrapResponder(self.app, self.reactor, self.max_buffer, head=scope["method"] == "HEAD",
                                       user_agent=_header(scope, b"user-agent"))
        with request_scope():  # this request's store values (reactor.provide), seen by nothing else
            await responder(scope, receive, send)


class BootstrapResponder:
    """Per-request state: holds the start message and body chunks until it can decide."""

    def __init__(self, app: ASGIApp, reactor: ReactorLike, max_buffer: int, head: bool,
                 user_agent: str | None = None) -> None:
        self.app = app
        self.user_agent = user_agent
        self.reactor = reactor
        self.max_buffer = max_buffer
        self.head = head
        self.send: Send = _unattached_send
        self.start: Message = {}
        self.chunks: list[bytes] = []
        self.size = 0
        self.buffering = False

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        self.send = send
        await self.app(scope, receive, self.send_with_bootstrap)

    async def send_with_bootstrap(self, message: Message) -> None:
        kind = message["type"]
        if kind == "http.response.start":
            self.start = message
            self.buffering = _rewritable(message)
            if not self.buffering:
                await self.send(message)
        elif not self.buffering:
            await self.send(message)
        elif kind == "http.response.body":
            body = message.get("body", b"")
            more_body = message.get("more_body", False)
            self.chunks.append(body)
            self.size += len(body)
            if self.size > self.max_buffer:
                await self.give_up(more_body)  # too big to hold: stream it on unchanged
            elif not more_body:
                self.buffering = False
                await self.finish(b"".join(self.chunks))
        else:  # pathsend, trailers or another extension: not ours to rewrite
            await self.give_up(True)
            await self.send(message)

    async def give_up(self, more_body: bool) -> None:
        self.buffering = False
        await self.send(self.start)
        await self.send({"type": "http.response.body", "body": b"".join(self.chunks), "more_body": more_body})
        self.chunks = []

    async def finish(self, body: bytes) -> None:
        headers: list[tuple[bytes, bytes]] = list(self.start.get("headers", ()))
        islands = ISLAND_MARKER in body
        if islands or (self.reactor.navigation and b"</body" in body.lower()):
            nonce, headers = self.merge_csp(headers)
            tag = self.reactor.bootstrap_html(nonce, islands=islands, user_agent=self.user_agent).encode("utf-8")
            end = body.lower().rfind(b"</body")
            body = body + tag if end < 0 else body[:end] + tag + body[end:]
            headers = [(k, v) for k, v in headers if k.lower() not in (b"content-length", b"etag")]
            headers.append((b"content-length", str(len(body)).encode("latin-1")))
        await self.send({**self.start, "headers": headers})
        await self.send({"type": "http.response.body", "body": b"" if self.head else body})

    def merge_csp(self, headers: list[tuple[bytes, bytes]]) -> tuple[str | None, list[tuple[bytes, bytes]]]:
        """Edit every CSP header in place (or add the default policy); returns the nonce for our tags."""
        values = [(k.lower(), v.decode("latin-1")) for k, v in headers if k.lower() in (_CSP, _CSP_REPORT_ONLY)]
        additions = self.reactor.csp_additions()
        if not values:
            default = self.reactor.default_csp
            if default is None:
                return None, headers
            return None, [*headers, (_CSP, merge_header(default, additions).encode("latin-1"))]
        enforced = [p for k, v in values if k == _CSP for p in parse_policies(v)]
        reported = [p for k, v in values if k == _CSP_REPORT_ONLY for p in parse_policies(v)]
        nonce = find_nonce(enforced) or find_nonce(reported)
        if nonce is None and any(needs_nonce(p) for p in (*enforced, *reported)):
            nonce = secrets.token_urlsafe(18)  # 'strict-dynamic' without a nonce: only ours can admit us
        out = []
        for key, value in headers:
            if key.lower() in (_CSP, _CSP_REPORT_ONLY):
                value = merge_header(value.decode("latin-1"), additions, nonce).encode("latin-1")
            out.append((key, value))
        return nonce, out


def _rewritable(start: Message) -> bool:
    if start.get("status") != 200 or start.get("trailers"):
        return False
    content_type = b""
    for key, value in start.get("headers", ()):
        key = key.lower()
        if key == b"content-encoding" and value.strip().lower() not in (b"", b"identity"):
            return False
        if key == b"content-type":
            content_type = value.lower()
    media_type, _, params = content_type.partition(b";")
    charset = params.partition(b"charset=")[2].strip().strip(b'"')
    return media_type.strip() == b"text/html" and charset in (b"", b"utf-8", b"utf8")


async def _unattached_send(message: Message) -> None:
    raise RuntimeError("send awaitable not set")  # pragma: no cover


def _header(scope: Scope, name: bytes) -> str | None:
    """The first value of request header ``name`` (lower case), or None."""
    for key, value in scope.get("headers", ()):
        if key.lower() == name:
            return bytes(value).decode("latin-1")
    return None
