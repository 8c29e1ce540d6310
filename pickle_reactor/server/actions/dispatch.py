"""Serve action calls: bytes and headers in, status + headers + JSON out, for any host framework.

::

    dispatcher = ActionDispatcher(modules=["myapp.actions"], allowed_origins=["https://app.example"],
                                  max_body=1_000_000)
    response = await dispatcher.dispatch(name, method, headers, body, request=None)   # ActionResponse
    response = dispatcher.dispatch_sync(name, method, headers, body, request=None)    # WSGI (Django)
    app = actions_asgi_app(dispatcher)          # ASGI endpoint: the action name is the last path segment
    set_transport(dispatcher.transport())       # pickle_reactor.testing: call actions in-process

``headers`` maps lower-case names to values; ``body`` is ``bytes`` or an (async) iterable of chunks and
is read only up to ``max_body`` (the declared ``Content-Length`` is checked first). Checks run in this
order: 404 unknown or not allow-listed, 405 not POST, 403 origin, 415 not JSON, 413 too large, 400 bad
JSON, 422 invalid payload, then the action runs: 200 with its result, or the problem an expected exception
stands for (``raise ActionError(403, detail=...)``, Django's ``PermissionDenied``, Starlette's
``HTTPException``...: see ``errors.py``), or 500 for anything else (logged with its traceback, nothing
leaked). Every response carries ``Cache-Control: no-store``. Nothing is kept between requests.
"""

from __future__ import annotations

import asyncio
import importlib
import json
import logging
from collections.abc import (
    AsyncIterable,
    Awaitable,
    Callable,
    Iterable,
    Mapping,
    Sequence,
)
from typing import Any, NamedTuple

from ...core.actions import ActionError
from ..security import normalize_origin, origin_allowed
from . import ActionSpec, actions_in
from .errors import RefusedStatus, expected_problem
from .problem import PROBLEM_CONTENT_TYPE, problem_body, validation_errors

__all__ = ["DEFAULT_MAX_BODY", "ActionDispatcher", "ActionResponse", "actions_asgi_app"]

logger = logging.getLogger("pickle_reactor.actions")

DEFAULT_MAX_BODY = 1_000_000
_JSON = "application/json"
_COMMON = (("cache-control", "no-store"), ("x-content-type-options", "nosniff"))

Body = bytes | AsyncIterable[bytes] | Iterable[bytes]


class ActionResponse(NamedTuple):
    status: int
    headers: list[tuple[str, str]]
    body: bytes


class _Reject(Exception):
    """A request refused before the action runs; carries the finished response."""

    def __init__(self, response: ActionResponse) -> None:
        self.response = response


def _problem(status: int, detail: str | None = None, headers: Sequence[tuple[str, str]] = (), **ext: Any) -> ActionResponse:
    body = problem_body(status, detail, **ext)
    return ActionResponse(status, [("content-type", PROBLEM_CONTENT_TYPE), *_COMMON, *headers], body)


class ActionDispatcher:
    """Routes calls to the ``@action`` functions of allow-listed modules; holds configuration only."""

    def __init__(
        self,
        modules: Iterable[str],
        allowed_origins: Iterable[str] = (),
        max_body: int = DEFAULT_MAX_BODY,
    ) -> None:
        self.max_body = max_body
        self.allowed_origins = frozenset(self._origin(o) for o in allowed_origins)
        self.actions: dict[str, ActionSpec] = {}
        for module in modules:
            importlib.import_module(module)  # runs its @action decorators
            for spec in actions_in(module):
                spec.compile()  # surface annotation errors at start-up, not on the first call
                self.actions[spec.name] = spec

    @staticmethod
    def _origin(origin: str) -> str:
        normalized = normalize_origin(origin)
        if normalized is None:
            raise ValueError(f"allowed_origins: {origin!r} is not an origin like 'https://example.com'")
        return normalized

    # -- the three steps shared by the async and the sync entry points --------------------------------

    def _admit(self, name: str, method: str, headers: Mapping[str, str]) -> ActionSpec:
        spec = self.actions.get(name)
        if spec is None:
            raise _Reject(_problem(404, "No such action."))
        if method.upper() != "POST":
            raise _Reject(_problem(405, "Actions are called with POST.", [("allow", "POST")]))
        if not origin_allowed(headers, self.allowed_origins):
            raise _Reject(_problem(403, "Cross-origin action calls are not allowed."))
        media_type, _, params = headers.get("content-type", "").partition(";")
        charset = params.partition("charset=")[2].strip().strip('"').lower()
        if media_type.strip().lower() != _JSON or charset not in ("", "utf-8", "utf8"):
            raise _Reject(_problem(415, "Send the payload as application/json (UTF-8).", [("accept-post", _JSON)]))
        declared = headers.get("content-length", "").strip()
        if declared.isascii() and declared.isdigit() and int(declared) > self.max_body:
            raise _Reject(self._too_large())
        return spec

    def _too_large(self) -> ActionResponse:
        return _problem(413, f"The payload is larger than {self.max_body} bytes.")

    def _parse(self, spec: ActionSpec, data: bytes) -> Any:
        from pydantic import ValidationError

        try:
            return spec.payload_model.model_validate_json(data, extra="forbid")
        except ValidationError as exc:
            errors = exc.errors(include_url=False)
            if any(e["type"] == "json_invalid" for e in errors):
                raise _Reject(_problem(400, "The body is not valid JSON.")) from None
            raise _Reject(_problem(422, "The payload is invalid.", errors=validation_errors(errors))) from None

    def _args(self, spec: ActionSpec, payload: Any, request: Any) -> dict[str, Any]:
        kwargs = {} if spec.payload_param is None else {spec.payload_param: payload}
        if spec.wants_request:
            kwargs["request"] = request
        return kwargs

    def _respond(self, spec: ActionSpec, result: Any) -> ActionResponse:
        adapter = spec.result_adapter
        body = adapter.dump_json(adapter.validate_python(result))
        return ActionResponse(200, [("content-type", _JSON), *_COMMON], body)

    def _failed(self, spec: ActionSpec | None, name: str, exc: Exception) -> ActionResponse:
        label = spec.name if spec else repr(name)[:200]
        expected = expected_problem(exc) if spec is not None else None
        if isinstance(expected, RefusedStatus):
            logger.error("action %s: %s", label, expected.reason, exc_info=exc)
        elif expected is not None:
            try:
                body = json.dumps(expected.problem, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode()
            except (TypeError, ValueError):
                logger.exception("action %s: the problem of its %s is not JSON", label, type(exc).__name__)
            else:
                headers = [("content-type", PROBLEM_CONTENT_TYPE), *_COMMON, *expected.headers]
                return ActionResponse(expected.status, headers, body)
        else:
            logger.error("action %s failed", label, exc_info=exc)
        return _problem(500, "The action failed.")

    # -- entry points ----------------------------------------------------------------------------------

    async def dispatch(self, name: str, method: str, headers: Mapping[str, str], body: Body, request: Any = None) -> ActionResponse:
        """Serve one call from an async host (ASGI, Django async views)."""
        spec = None
        try:
            spec = self._admit(name, method, headers)
            data = await self._read(body)
            payload = self._parse(spec, data)
            kwargs = self._args(spec, payload, request)
            if spec.is_async:
                result = await spec.fn(**kwargs)
            else:
                result = await asyncio.to_thread(spec.fn, **kwargs)
            return self._respond(spec, result)
        except _Reject as reject:
            return reject.response
        except Exception as exc:  # noqa: BLE001  (an expected problem, or a logged 500: never a leak)
            return self._failed(spec, name, exc)

    def dispatch_sync(self, name: str, method: str, headers: Mapping[str, str], body: bytes | Iterable[bytes], request: Any = None) -> ActionResponse:
        """Serve one call from a sync host (a WSGI Django view); async actions get their own event loop."""
        spec = None
        try:
            spec = self._admit(name, method, headers)
            data = self._read_sync(body)
            payload = self._parse(spec, data)
            kwargs = self._args(spec, payload, request)
            result = asyncio.run(spec.fn(**kwargs)) if spec.is_async else spec.fn(**kwargs)
            return self._respond(spec, result)
        except _Reject as reject:
            return reject.response
        except Exception as exc:  # noqa: BLE001  (an expected problem, or a logged 500: never a leak)
            return self._failed(spec, name, exc)

    async def _read(self, body: Body) -> bytes:
        if isinstance(body, (bytes, bytearray, memoryview)):
            return self._capped(bytes(body))
        if not isinstance(body, AsyncIterable):
            return self._read_sync(body)
        chunks, size = [], 0
        async for chunk in body:
            size += len(chunk)
            if size > self.max_body:
                raise _Reject(self._too_large())  # stop reading: the rest is never buffered
            chunks.append(chunk)
        return b"".join(chunks)

    def _read_sync(self, body: bytes | Iterable[bytes]) -> bytes:
        if isinstance(body, (bytes, bytearray, memoryview)):
            return self._capped(bytes(body))
        chunks, size = [], 0
        for chunk in body:
            size += len(chunk)
            if size > self.max_body:
                raise _Reject(self._too_large())
            chunks.append(chunk)
        return b"".join(chunks)

    def _capped(self, data: bytes) -> bytes:
        if len(data) > self.max_body:
            raise _Reject(self._too_large())
        return data

    def transport(self, headers: Mapping[str, str] | None = None, request: Any = None) -> Callable[[str, str, Any], Awaitable[Any]]:
        """A client transport calling this dispatcher in-process (for ``pickle_reactor.testing``)."""

        sent = {"content-type": _JSON, "sec-fetch-site": "same-origin", **(headers or {})}

        async def call(name: str, url: str, payload: Any) -> Any:
            response = await self.dispatch(name, "POST", sent, json.dumps(payload).encode(), request)
            decoded = json.loads(response.body)
            if response.status != 200:
                raise ActionError(response.status, decoded, name)
            return decoded

        return call


def actions_asgi_app(dispatcher: ActionDispatcher, request_factory: Callable[[Any], Any] | None = None) -> Callable[..., Awaitable[None]]:
    """An ASGI app serving ``POST …/<action name>``; the request passed to actions is
    ``request_factory(scope)`` (default: a Starlette ``Request`` when Starlette is installed, else the scope).
    """
    if request_factory is None:
        request_factory = _default_request_factory()

    async def app(scope: dict[str, Any], receive: Callable[[], Awaitable[dict[str, Any]]], send: Callable[[dict[str, Any]], Awaitable[None]]) -> None:
        if scope["type"] != "http":
            raise RuntimeError(f"actions_asgi_app serves HTTP only, not {scope['type']!r}")
        headers: dict[str, str] = {}
        for raw_name, raw_value in scope["headers"]:
            key, value = raw_name.decode("latin-1").lower(), raw_value.decode("latin-1")
            headers[key] = f"{headers[key]}, {value}" if key in headers else value
        name = scope["path"].rsplit("/", 1)[-1]

        async def chunks() -> Any:
            while True:
                message = await receive()
                if message["type"] == "http.disconnect":
                    return
                yield message.get("body", b"")
                if not message.get("more_body", False):
                    return

        spec = dispatcher.actions.get(name)
        request = request_factory(scope) if spec is not None and spec.wants_request else None
        response = await dispatcher.dispatch(name, scope["method"], headers, chunks(), request)
        raw = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in response.headers]
        raw.append((b"content-length", str(len(response.body)).encode()))
        await send({"type": "http.response.start", "status": response.status, "headers": raw})
        await send({"type": "http.response.body", "body": response.body})

    return app


def _default_request_factory() -> Callable[[Any], Any]:
    try:
        from starlette.requests import Request
    except ImportError:  # pragma: no cover - Starlette is not installed
        return lambda scope: scope
    return lambda scope: Request(scope)
