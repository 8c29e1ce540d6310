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
from dataclasses import dataclass, field
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
    """A failed action call: the HTTP status (0 when the network failed) and its problem details.

    On the client, transports raise ``ActionError(status, problem, action)`` with the decoded problem
    object. Inside an action body, ``raise ActionError(403, detail="staff only")`` or
    ``raise ActionError(422, errors={"email": "already taken"})`` answers the call with that problem
    (4xx only); the client then raises an equal ``ActionError`` (same status, detail and errors).
    ``errors`` is a list of ``{"pointer": "/email", "detail": "taken"}`` (``pointer`` optional: an error
    about the whole payload) or a mapping ``{"email": "taken"}`` (a dotted key ``"address.city"`` is the
    nested field; a value may be a list of messages). Pointers are stored in URI-fragment form
    (``#/email``), like the dispatcher's own validation errors.
    """

    def __init__(
        self,
        status: int,
        problem: Mapping[str, Any] | None = None,
        action: str = "",
        *,
        detail: str | None = None,
        errors: Any = None,
        title: str | None = None,
    ) -> None:
        if not isinstance(status, int) or isinstance(status, bool):
            raise TypeError(f"ActionError: status must be an int HTTP status such as 403, got {status!r}")
        if problem is not None and not isinstance(problem, Mapping):
            raise TypeError(
                f"ActionError({status}, problem): problem must be a mapping (the problem+json object), got "
                f"{type(problem).__name__}; pass a message as ActionError({status}, detail=...)"
            )
        for label, value in (("detail", detail), ("title", title)):
            if value is not None and not isinstance(value, str):
                raise TypeError(f"ActionError({status}): {label}= must be a str, got {type(value).__name__}")
        self.status = status
        self.problem: dict[str, Any] = dict(problem or {})
        self.action = action
        if title is not None:
            self.problem["title"] = title
        if detail is not None:
            self.problem["detail"] = detail
        if errors is not None:
            self.problem["errors"] = normalize_errors(errors, status)
        super().__init__(self._message())

    def _message(self) -> str:
        title = self.problem.get("title")
        detail = self.problem.get("detail")
        head = f"action {self.action} failed: {self.status}" if self.action else f"{self.status}"
        if title or self.action:
            head += f" {title or 'Error'}"
        return head + (f": {detail}" if detail else "")

    @property
    def detail(self) -> str | None:
        """The problem's human-readable ``detail``, or None."""
        detail = self.problem.get("detail")
        return detail if isinstance(detail, str) else None

    @property
    def title(self) -> str | None:
        """The problem's ``title`` (for the client: the status's reason phrase), or None."""
        title = self.problem.get("title")
        return title if isinstance(title, str) else None

    @property
    def errors(self) -> list[dict[str, str]]:
        """Validation errors (``[{pointer, detail}]``; ``pointer`` absent for a form-level error), else []."""
        errors = self.problem.get("errors")
        return [dict(e) for e in errors if isinstance(e, Mapping)] if isinstance(errors, list) else []

    def field_errors(self) -> dict[str, str]:
        """``{field: message}`` for a form: ``#/email`` -> ``"email"``, ``#/address/city`` ->
        ``"address.city"``; the first message of each field wins; errors without a field are left out."""
        fields: dict[str, str] = {}
        for error in self.errors:
            name = pointer_field(error.get("pointer"))
            if name and isinstance(error.get("detail"), str):
                fields.setdefault(name, error["detail"])
        return fields

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ActionError):
            return NotImplemented
        return (self.status, self.detail, self.errors) == (other.status, other.detail, other.errors)

    def __hash__(self) -> int:
        return hash((self.status, self.detail))

    def __reduce__(self) -> Any:
        return (_rebuild_action_error, (self.status, self.problem, self.action))


def _rebuild_action_error(status: int, problem: dict[str, Any], action: str) -> ActionError:
    return ActionError(status, problem, action)


def _pointer(path: str) -> str:
    """A dotted field path as a URI-fragment JSON pointer: ``address.city`` -> ``#/address/city``."""
    return "#" + "".join("/" + part.replace("~", "~0").replace("/", "~1") for part in path.split("."))


def pointer_field(pointer: Any) -> str | None:
    """The dotted field a JSON pointer names (``#/address/city`` or ``/address/city`` -> ``address.city``)."""
    if not isinstance(pointer, str):
        return None
    path = pointer.removeprefix("#")
    if not path.startswith("/"):
        return None
    parts = [p.replace("~1", "/").replace("~0", "~") for p in path[1:].split("/")]
    return ".".join(parts) if any(parts) else None


def normalize_errors(errors: Any, status: int = 422) -> list[dict[str, str]]:
    """``errors=`` in its two forms as ``[{"pointer": "#/field", "detail": message}]``; TypeError/ValueError
    naming the fault for anything else."""
    where = f"ActionError({status}, errors=...)"
    out: list[dict[str, str]] = []
    if isinstance(errors, Mapping):
        for key, messages in errors.items():
            if not isinstance(key, str) or not key:
                raise TypeError(f"{where}: field names must be non-empty strs such as 'email', got {key!r}")
            listed = messages if isinstance(messages, (list, tuple)) else [messages]
            for message in listed:
                if not isinstance(message, str):
                    raise TypeError(f"{where}: the message of {key!r} must be a str (or a list of strs), got {message!r}")
                out.append({"pointer": _pointer(key), "detail": message})
        return out
    if isinstance(errors, (str, bytes)) or not isinstance(errors, (list, tuple)):
        raise TypeError(
            f"{where}: give a mapping {{'email': 'taken'}} or a list [{{'pointer': '/email', 'detail': 'taken'}}], "
            f"got {type(errors).__name__}"
        )
    for error in errors:
        if not isinstance(error, Mapping) or not isinstance(error.get("detail"), str):
            raise TypeError(f"{where}: each error needs a str 'detail' (and optionally a 'pointer'), got {error!r}")
        pointer = error.get("pointer")
        if pointer is None:
            out.append({"detail": error["detail"]})
            continue
        if not isinstance(pointer, str) or not (pointer in ("", "#") or pointer.startswith(("/", "#/"))):
            raise ValueError(f"{where}: pointer {pointer!r} must be a JSON pointer such as '/email'")
        out.append({"pointer": pointer if pointer.startswith("#") else "#" + pointer, "detail": error["detail"]})
    return out


@dataclass(frozen=True)
class ActionState:
    """What ``use_action`` reports: a call is running, the last error, the last result.

    ``reset()`` clears ``error`` and ``result`` and forgets a call still running (its answer no longer
    changes the state; whoever awaits the call still gets it).
    """

    pending: bool = False
    error: ActionError | None = None
    result: Any = None
    _reset: Callable[[], None] | None = field(default=None, compare=False, repr=False)

    def reset(self) -> None:
        """Back to ``ActionState()``: no error, no result, nothing pending."""
        if self._reset is None:
            raise RuntimeError("ActionState.reset() works on the state use_action returns, not on one built by hand")
        self._reset()


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

    def reset() -> None:
        latest.current += 1  # a call still running no longer decides the state
        set_state(ActionState())

    return use_callback(call, [name, url]), ActionState(state.pending, state.error, state.result, reset)


def _spawn(fiber: Any, coro: Any) -> asyncio.Future[Any]:
    """Run ``coro`` on the component's runtime (which keeps a reference and reports errors)."""
    root = getattr(fiber, "root", None)
    if root is not None:
        return root.runtime.spawn(coro, fiber.name)
    return asyncio.ensure_future(coro)


def _retrieved(future: asyncio.Future[Any]) -> None:
    if not future.cancelled():
        future.exception()  # state.error holds it: no "exception was never retrieved" warning
