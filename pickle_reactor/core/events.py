"""The event object handlers receive, the same in the browser and in ``pickle_reactor.testing``.

The backend describes an event as a dict (``docs/architecture.md``, "Events")::

    {"type": "input", "key": None, "target": {"id", "name", "value", "checked", "tag", "attrs"}}

(``scroll`` events add ``"scroll_top"``, the element's ``scrollTop``, to the target.)

and :func:`call_handler` calls a handler with the :class:`Event` or with nothing, depending on
whether it has a required positional parameter (so ``lambda i=i: remove(i)`` is called with none).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["PREVENT_DEFAULT", "Event", "Target", "call_handler"]

PREVENT_DEFAULT = 1  # bit of dispatch()'s return value


class Target:
    """The element an event happened on: its live ``value``/``checked`` and its attributes."""

    __slots__ = ("attrs", "checked", "id", "name", "scroll_top", "tag", "value")

    def __init__(self, data: Mapping[str, Any] | None = None) -> None:
        data = data or {}
        self.id: str = data.get("id") or ""
        self.name: str = data.get("name") or ""
        self.value: str = data.get("value") if data.get("value") is not None else ""
        self.checked: bool = bool(data.get("checked"))
        self.tag: str = data.get("tag") or ""
        self.attrs: dict[str, str] = dict(data.get("attrs") or {})
        self.scroll_top: float = data.get("scroll_top") or 0  # scroll events: the element's scrollTop

    def __getitem__(self, name: str) -> str:
        """An attribute of the target: ``event.target["data-id"]``."""
        return self.attrs[name]

    def get(self, name: str, default: Any = None) -> Any:
        return self.attrs.get(name, default)

    def __repr__(self) -> str:
        return f"<Target {self.tag} id={self.id!r} value={self.value!r} checked={self.checked}>"


class Event:
    """A DOM event: ``type``, ``target``, ``key`` (keyboard events), ``data`` (everything the backend
    sent), ``prevent_default()`` and ``stop_propagation()``."""

    __slots__ = ("current_target", "data", "default_prevented", "key", "propagation_stopped", "target", "type")

    def __init__(self, type: str, data: Mapping[str, Any] | None = None) -> None:
        data = data or {}
        self.type = type
        self.data = data
        self.target = Target(data.get("target"))
        self.key: str | None = data.get("key")
        self.default_prevented = False
        self.propagation_stopped = False
        self.current_target = 0  # node id of the element whose handler runs

    def prevent_default(self) -> None:
        """Ask the browser not to do its default action (follow a link, submit a form...)."""
        self.default_prevented = True

    def stop_propagation(self) -> None:
        """Do not call handlers on the ancestors of the current element."""
        self.propagation_stopped = True

    # camelCase aliases for people coming from React
    preventDefault = prevent_default
    stopPropagation = stop_propagation

    def __repr__(self) -> str:
        return f"<Event {self.type} target={self.target!r}>"


# Whether a handler wants the event, by code object (one per `lambda` in the source, not per render).
_WANTS_EVENT: dict[Any, bool] = {}


def _wants_event(fn: Callable[..., Any]) -> bool:
    func = getattr(fn, "__func__", fn)  # bound methods: self is already bound
    code = getattr(func, "__code__", None)
    if code is not None:
        wants = _WANTS_EVENT.get(code)
        if wants is None:
            bound = 1 if func is not fn else 0
            defaults = len(getattr(func, "__defaults__", None) or ())
            required = code.co_argcount - defaults - bound
            wants = _WANTS_EVENT[code] = required > 0 or bool(code.co_flags & inspect.CO_VARARGS)
        return wants
    try:
        params = inspect.signature(fn).parameters.values()
    except (TypeError, ValueError):
        return True
    return any(
        p.kind is p.VAR_POSITIONAL or (p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) and p.default is p.empty)
        for p in params
    )


def call_handler(handler: Callable[..., Any], event: Event) -> Any:
    """Call ``handler(event)`` or ``handler()``; returns what it returns (a coroutine for async ones)."""
    return handler(event) if _wants_event(handler) else handler()
