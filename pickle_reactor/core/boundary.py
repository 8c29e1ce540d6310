"""``ErrorBoundary(fallback=render)[children]``: show ``render(error, reset)`` instead of children that failed.

As React's error boundaries: an exception raised while a component below the boundary renders, or in
one of its effects or effect cleanups, replaces the boundary's children with the fallback; an
exception in an event handler or an async task is not caught (it is reported, as without a boundary).
``reset()`` renders the children again, from fresh state. An error in the fallback itself goes to
the next boundary up.

The boundary is an ordinary component whose first hook is its state, ``(error, generation)``: the
reconciler (``catch``) sets it, ``core/serialize.py`` renders the fallback on the server when the
children raise (``with_error``). Its children and its fallback are each one keyed group, so switching
between them, or a reset (a new generation), always mounts fresh components.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .hooks import use_memo, use_state
from .nodes import ComponentElement, Element, FragmentNode, flatten_children

__all__ = ["BOUNDARY", "ErrorBoundary", "catch", "caught_now", "is_boundary", "with_error"]

_FRESH = (None, 0)


def _boundary(fallback: Callable[[BaseException, Callable[[], None]], Any], children: tuple[Any, ...] = (),
              _caught: BaseException | None = None) -> Any:
    state, set_state = use_state((_caught, 0) if _caught is not None else _FRESH)
    reset = use_memo(lambda: lambda: set_state(lambda old: (None, old[1] + 1)), [])
    error, generation = state
    if error is None:
        return FragmentNode(tuple(children), f"pr-children-{generation}")
    output = fallback(error, reset)
    return FragmentNode(tuple(flatten_children("<ErrorBoundary> fallback", [output])), f"pr-fallback-{generation}")


_boundary.__name__ = _boundary.__qualname__ = "ErrorBoundary"


def ErrorBoundary(*, fallback: Callable[[BaseException, Callable[[], None]], Any],
                  key: str | int | None = None) -> ComponentElement:
    """A boundary element; give it children with brackets: ``ErrorBoundary(fallback=f)[child, ...]``.

    ``fallback(error, reset)`` returns what to show (nodes, a list, text or None) once a component
    below has raised; ``reset()`` shows the children again, mounted afresh."""
    if not callable(fallback) or isinstance(fallback, (str, Element, ComponentElement, FragmentNode)):
        raise TypeError(
            f"ErrorBoundary(fallback=...) must be a function (error, reset) -> nodes, got {type(fallback).__name__}; "
            "write fallback=lambda error, reset: p[...]"
        )
    if key is not None and (isinstance(key, bool) or not isinstance(key, (str, int))):
        raise TypeError(f"<ErrorBoundary key=...>: a key must be str or int, got {type(key).__name__}")
    return ComponentElement(_boundary, {"fallback": fallback}, key)


BOUNDARY = _boundary  # the component function of every boundary element (``node.type is BOUNDARY``)


def is_boundary(node_type: Any) -> bool:
    return node_type is _boundary


def with_error(node: ComponentElement, error: BaseException) -> ComponentElement:
    """The boundary element ``node`` as it renders once ``error`` was caught (the server's fallback)."""
    return ComponentElement(_boundary, {**node.props, "_caught": error}, node.key)


def catch(fiber: Any, exc: BaseException) -> Any:
    """Hand ``exc``, raised by ``fiber`` (rendering, or in an effect or cleanup), to the nearest live
    boundary above it; that boundary's fiber, or None. A boundary already showing an error keeps it:
    it takes the errors of its removed children's cleanups, while an error in its fallback (a live
    component) goes on to the next boundary up."""
    parent = fiber.parent
    while parent is not None:
        if getattr(parent, "type", None) is _boundary and parent.alive and parent.hooks:
            slot = parent.hooks[0]
            if slot[1][0] is None:
                slot[2]((exc, slot[1][1]))
                return parent
            if not fiber.alive:
                return parent
        parent = parent.parent
    return None


def caught_now(fiber: Any) -> bool:
    """A boundary fiber caught an error since it last rendered."""
    slot = fiber.hooks[0] if fiber.hooks else None
    return slot is not None and slot[1] is not slot[3] and slot[1][0] is not None
