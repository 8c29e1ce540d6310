"""A test-only ASGI wrapper around a sample app, so that every engine is observed the same way.

It adds what Playwright has built in and Selenium lacks, without touching the app's policy or pages'
bodies beyond one tag:

- a request log (``GET /__engines/requests`` → ``[[method, path, "page" | "worker"], ...]``, the
  snapshot Worker's told apart by their referrer; ``POST`` to it clears it), to
  count how often each asset was fetched, whatever the engine's Resource Timing says;
- a gate on the client bundle (``POST /__engines/hold`` / ``/__engines/release``): while held, requests for
  ``bundle-*.zip`` wait, so input typed before hydration can be replayed (Playwright's ``page.route``);
- a console hook (``/__engines/hook.js``, a same-origin classic script that the strict CSP allows, put
  first in ``<head>``): it keeps ``console.error`` calls, uncaught errors, unhandled rejections and CSP
  violations in ``sessionStorage`` (so full page loads keep them), for engines whose driver has no
  console log (WebKitGTK's WebDriver has no BiDi). ``window.__enginesLog()`` returns them.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

PREFIX = "/__engines/"
HOOK_TAG = b'<script src="/__engines/hook.js"></script>'
HOOK_JS = b"""(() => {
  const KEY = "__enginesLog";
  const keep = (kind, text) => {
    const log = JSON.parse(sessionStorage.getItem(KEY) || "[]");
    log.push([kind, String(text)]);
    sessionStorage.setItem(KEY, JSON.stringify(log));
  };
  const error = console.error.bind(console);
  console.error = (...args) => { keep("console.error", args.map(String).join(" ")); error(...args); };
  addEventListener("error", (e) => keep("error", e.message || (e.target && e.target.src) || "error event"), true);
  addEventListener("unhandledrejection", (e) => keep("unhandledrejection", e.reason && e.reason.stack || e.reason));
  document.addEventListener("securitypolicyviolation",
    (e) => keep("csp", `${e.violatedDirective} blocked ${e.blockedURI || "inline"} (${e.sourceFile}:${e.lineNumber})`));
  window.__enginesLog = () => JSON.parse(sessionStorage.getItem(KEY) || "[]");
  window.__enginesClear = () => sessionStorage.removeItem(KEY);
})();
"""


class Harness:
    """Wrap ``app``; the state lives in this process (run the server with one worker)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.requests: list[list[str]] = []
        self.gate = asyncio.Event()
        self.gate.set()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        path: str = scope["path"]
        if path.startswith(PREFIX):
            return await self.control(scope, path[len(PREFIX):], send)
        referer = dict(scope["headers"]).get(b"referer", b"")
        self.requests.append([scope["method"], path, "worker" if referer.endswith(b".worker.mjs") else "page"])
        if path.rsplit("/", 1)[-1].startswith("bundle-") and path.endswith(".zip"):
            await self.gate.wait()
        await self.app(scope, receive, self.with_hook(send))

    async def control(self, scope: Scope, what: str, send: Send) -> None:
        post = scope["method"] == "POST"
        if what == "hook.js":
            return await respond(send, HOOK_JS, "text/javascript")
        if what == "blank":  # a page of the origin without the app, to clear its cookies and storage
            return await respond(send, b"<!doctype html><title>blank</title>", "text/html")
        if what == "requests":
            if post:
                self.requests.clear()
            return await respond(send, json.dumps(self.requests).encode(), "application/json")
        if what in ("hold", "release") and post:
            self.gate.clear() if what == "hold" else self.gate.set()
            return await respond(send, b"{}", "application/json")
        await respond(send, b"unknown harness call", "text/plain", 404)

    def with_hook(self, send: Send) -> Send:
        """Put the hook first in ``<head>`` of an HTML page (``Content-Length`` fixed, body buffered)."""
        start: dict[str, Any] = {}
        chunks: list[bytes] = []

        async def wrapped(message: MutableMapping[str, Any]) -> None:
            if message["type"] == "http.response.start":
                headers = dict(message.get("headers", []))
                if headers.get(b"content-type", b"").startswith(b"text/html") and b"content-encoding" not in headers:
                    start.update(message)
                    return
                return await send(message)
            if not start or message["type"] != "http.response.body":
                return await send(message)
            chunks.append(message.get("body", b""))
            if message.get("more_body"):
                return
            body = b"".join(chunks).replace(b"<head>", b"<head>" + HOOK_TAG, 1)
            headers = [(k, v) for k, v in start.get("headers", []) if k != b"content-length"]
            await send({**start, "headers": [*headers, (b"content-length", str(len(body)).encode())]})
            await send({"type": "http.response.body", "body": body})

        return wrapped


async def respond(send: Send, body: bytes, content_type: str, status: int = 200) -> None:
    headers = [(b"content-type", content_type.encode()), (b"cache-control", b"no-store"),
               (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
