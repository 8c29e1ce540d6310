"""``@component``: a function of props that uses hooks and returns nodes; calling it makes an element."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from .nodes import ComponentElement

__all__ = ["component", "registry", "lookup"]

F = TypeVar("F", bound=Callable[..., Any])

# name -> component function, for islands: only modules on the Reactor's allow-list are looked up.
registry: dict[str, Callable[..., Any]] = {}


def component(fn: Callable[..., Any]) -> Callable[..., ComponentElement]:
    """Turn ``fn(**props)`` into a component: ``Counter(initial=3, key="a")`` returns an element."""
    if not callable(fn):
        raise TypeError(f"@component expects a function, got {type(fn).__name__}")

    @functools.wraps(fn)
    def make_element(*args: Any, key: str | int | None = None, **props: Any) -> ComponentElement:
        if args:
            raise TypeError(f"{fn.__name__}() takes props as keyword arguments only")
        if key is not None and (isinstance(key, bool) or not isinstance(key, (str, int))):
            raise TypeError(f"<{fn.__name__} key=...>: a key must be str or int, got {type(key).__name__}")
        return ComponentElement(fn, props, key)

    make_element.__pr_component__ = True  # type: ignore[attr-defined]
    registry[f"{fn.__module__}.{fn.__qualname__}"] = fn
    return make_element


def lookup(qualified_name: str) -> Callable[..., Any]:
    """The component function registered under ``module.Name``; KeyError when there is none."""
    return registry[qualified_name]
