"""``@component``: a function of props that uses hooks and returns nodes; calling it makes an element.

The decorated name keeps the function's signature for type checkers (:class:`Component`, a
``ParamSpec`` protocol): ``SearchList(itemz=[])`` is an error in mypy and pyright. ``key=`` is not a
parameter of the function, and a ``ParamSpec`` cannot gain a keyword, so a second overload accepts
``key=`` with the props unchecked: ``Counter(initial=3, key="a")`` type-checks.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, Generic, ParamSpec, Protocol, TypeVar, cast, overload

from .nodes import ComponentElement

__all__ = ["Component", "component", "lookup", "registry"]

F = TypeVar("F", bound=Callable[..., Any])
P = ParamSpec("P")


class Component(Protocol, Generic[P]):
    """What ``@component`` returns: called with the function's props (plus ``key=``), an element."""

    __name__: str
    __qualname__: str
    __module__: str
    __wrapped__: Callable[P, Any]
    __pr_component__: bool

    @overload
    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> ComponentElement: ...

    @overload
    def __call__(self, *, key: str | int | None, **props: Any) -> ComponentElement: ...

# name -> component function, for islands: only modules on the Reactor's allow-list are looked up.
registry: dict[str, Callable[..., Any]] = {}


def component(fn: Callable[P, Any]) -> Component[P]:
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
    return cast("Component[P]", make_element)


def lookup(qualified_name: str) -> Callable[..., Any]:
    """The component function registered under ``module.Name``; KeyError when there is none."""
    return registry[qualified_name]
