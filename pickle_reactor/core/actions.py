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

from .hooks import current_fiber, use_callback, use_ref, use_state

__all__ = [
    "ActionError",
    "ActionState",
    "Transport",
    "browser_transport",
    "call_action",
    "configure",
    "set_transport",
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
    except Exception as exc:  # noqa: BLE001  (a JsException: offline, DNS, CORS...)
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
    """``(call, state)``: ``call(**payload)`` starts the action and returns a future of its result.

    Awaiting the future is optional: ``state`` follows the newest call (``pending`` while it runs, then
    ``result`` or ``error``), and a failure is both recorded in ``state.error`` and raised to whoever
    awaits. The call runs as a task of the component's runtime, like an async event handler; an
    exception other than ``ActionError`` (a bug in a transport) is also reported as the component's error.
    """

    name = action_name(action_fn)
    url = getattr(action_fn, "__pr_action_url__", None)
    state, set_state = use_state(ActionState)
    latest = use_ref(0)  # the newest call decides the state when calls overlap
    fiber = current_fiber()

    def call(**payload: Any) -> Awaitable[Any]:
        latest.current += 1
        call_id = latest.current
        set_state(lambda old: ActionState(True, None, old.result))
        holder: list[asyncio.Future[Any]] = []

        async def run() -> None:
            outcome = holder[0]
            try:
                result = await call_action(name, payload, url)
            except ActionError as error:
                if latest.current == call_id:
                    set_state(lambda old: ActionState(False, error, old.result))
                outcome.set_exception(error)
                return
            except Exception as exc:
                error = ActionError(0, {"title": "Client error", "detail": f"{type(exc).__name__}: {exc}"}, name)
                if latest.current == call_id:
                    set_state(lambda old: ActionState(False, error, old.result))
                outcome.set_exception(error)
                raise  # reported by the runtime with the component's name
            if latest.current == call_id:
                set_state(ActionState(False, None, result))
            outcome.set_result(result)

        task = _spawn(fiber, run())
        outcome = task.get_loop().create_future()
        outcome.add_done_callback(_retrieved)
        holder.append(outcome)
        return outcome

    return use_callback(call, [name, url]), state


def _spawn(fiber: Any, coro: Any) -> asyncio.Future[Any]:
    """Run ``coro`` on the component's runtime (which keeps a reference and reports errors)."""
    root = getattr(fiber, "root", None)
    if root is not None:
        return root.runtime.spawn(coro, fiber.name)
    return asyncio.ensure_future(coro)


def _retrieved(future: asyncio.Future[Any]) -> None:
    if not future.cancelled():
        future.exception()  # state.error holds it: no "exception was never retrieved" warning
