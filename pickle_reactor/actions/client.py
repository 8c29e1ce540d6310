"""The browser half of actions: the transport, ``ActionError`` and the ``use_action`` hook (stdlib only).

Generated stubs (``pickle_reactor.actions.stubs``) call ``call_action``; so does ``use_action`` with
either a stub or the server function itself. The transport is a setting::

    Transport = async (name: str, url: str, payload: dict) -> decoded JSON result, or raises ActionError
    set_transport(transport | None) -> previous transport   # None restores the browser's fetch transport
    configure(prefix="/_reactor")                            # where actions live when no URL is given

In the browser ``browser_transport`` POSTs JSON with JS ``fetch`` (``Content-Type: application/json``,
and ``X-CSRFToken`` from the ``csrftoken`` cookie when there is one). Tests inject a fake transport, for
instance ``set_transport(ActionDispatcher([...]).transport())`` to run actions in-process.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

__all__ = [
    "ActionError",
    "ActionState",
    "Transport",
    "call_action",
    "browser_transport",
    "set_transport",
    "configure",
    "use_action",
]

Transport = Callable[[str, str, Any], Awaitable[Any]]


class ActionError(Exception):
    """A failed action call: the HTTP status (0 when the network failed) and the problem details."""

    def __init__(self, status: int, problem: Mapping[str, Any] | None = None, action: str = "") -> None:
        self.status = status
        self.problem: dict[str, Any] = dict(problem or {})
        self.action = action
        title = self.problem.get("title") or "Error"
        detail = self.problem.get("detail")
        super().__init__(f"action {action or '?'} failed: {status} {title}" + (f": {detail}" if detail else ""))

    @property
    def errors(self) -> list[dict[str, str]]:
        """Validation errors (``[{pointer, detail}]``) of a 422, else an empty list."""
        return list(self.problem.get("errors") or [])


@dataclass(frozen=True)
class ActionState:
    """What ``use_action`` reports: a call is running, the last error, the last result."""

    pending: bool = False
    error: ActionError | None = None
    result: Any = None


class _Settings:
    prefix = "/_reactor"
    transport: Transport | None = None


def configure(prefix: str = "/_reactor") -> None:
    """Set the URL prefix actions are served under (the Reactor's ``prefix``)."""
    _Settings.prefix = prefix.rstrip("/")


def set_transport(transport: Transport | None) -> Transport | None:
    """Replace how actions are sent (tests, other runtimes); returns the previous one to restore it."""
    previous = _Settings.transport
    _Settings.transport = transport
    return previous


async def call_action(name: str, payload: Mapping[str, Any], url: str | None = None) -> Any:
    """Call the action ``name`` with a JSON payload and return its decoded result."""
    transport = _Settings.transport or browser_transport
    return await transport(name, url or f"{_Settings.prefix}/actions/{name}", dict(payload))


def _cookie(cookies: str, name: str) -> str | None:
    for part in cookies.split(";"):
        key, _, value = part.strip().partition("=")
        if key == name and value:
            return value
    return None


async def browser_transport(name: str, url: str, payload: Any) -> Any:
    """POST the payload with JS ``fetch`` (Pyodide only) and decode the JSON answer."""
    import js  # type: ignore[import-not-found]  # Pyodide's bridge to the page
    from pyodide.ffi import to_js  # type: ignore[import-not-found]

    headers = {"Content-Type": "application/json", "Accept": "application/json, application/problem+json"}
    token = _cookie(str(js.document.cookie or ""), "csrftoken")
    if token:
        headers["X-CSRFToken"] = token
    init = {"method": "POST", "headers": headers, "body": json.dumps(payload), "credentials": "same-origin"}
    try:
        response = await js.fetch(url, to_js(init, dict_converter=js.Object.fromEntries))
        text = await response.text()
    except Exception as exc:  # a JsException: offline, DNS, CORS...
        raise ActionError(0, {"title": "Network error", "detail": str(exc)}, name) from None
    status = int(response.status)
    try:
        decoded = json.loads(text) if text else None
    except ValueError:
        raise ActionError(status, {"title": "Bad response", "detail": "the server did not answer with JSON"}, name) from None
    if not 200 <= status < 300:
        raise ActionError(status, decoded if isinstance(decoded, dict) else {}, name)
    return decoded


def action_name(action_fn: Callable[..., Any]) -> str:
    """The registered name of an action (server function or client stub); TypeError for anything else."""
    name = getattr(action_fn, "__pr_action__", None)
    if not isinstance(name, str):
        raise TypeError(f"use_action expects an @action function or its client stub, got {action_fn!r}")
    return name


def use_action(action_fn: Callable[..., Any]) -> tuple[Callable[..., Awaitable[Any]], ActionState]:
    """``(call, state)``: ``call(**payload)`` starts the action and returns a task of its result.

    Awaiting the task is optional: ``state`` follows it (``pending`` while it runs, then ``result`` or
    ``error``). A failure is both recorded in ``state.error`` and raised to whoever awaits the task.
    """
    from ..hooks import use_callback, use_ref, use_state

    name = action_name(action_fn)
    url = getattr(action_fn, "__pr_action_url__", None)
    state, set_state = use_state(ActionState)
    latest = use_ref(0)  # the newest call wins when calls overlap
    tasks = use_ref(None)
    if tasks.current is None:
        tasks.current = set()  # strong references: a pending task must not be garbage-collected

    async def run(call_id: int, payload: dict[str, Any]) -> Any:
        try:
            result = await call_action(name, payload, url)
        except ActionError as error:
            if latest.current == call_id:
                set_state(lambda old: ActionState(False, error, old.result))
            raise
        except Exception as exc:
            error = ActionError(0, {"title": "Client error", "detail": f"{type(exc).__name__}: {exc}"}, name)
            if latest.current == call_id:
                set_state(lambda old: ActionState(False, error, old.result))
            raise error from exc
        if latest.current == call_id:
            set_state(ActionState(False, None, result))
        return result

    def call(**payload: Any) -> Awaitable[Any]:
        latest.current += 1
        set_state(lambda old: ActionState(True, None, old.result))
        task = asyncio.ensure_future(run(latest.current, payload))
        tasks.current.add(task)
        task.add_done_callback(_forget(tasks.current))
        return task

    return use_callback(call, [name, url]), state


def _forget(tasks: set[asyncio.Future[Any]]) -> Callable[[asyncio.Future[Any]], None]:
    def done(task: asyncio.Future[Any]) -> None:
        tasks.discard(task)
        if not task.cancelled():
            task.exception()  # retrieved: state.error holds it, so no "never retrieved" warning
    return done
