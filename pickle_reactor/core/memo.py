"""``memo(Component, are_equal=None)``: skip re-rendering a component whose props did not change.

As React's ``memo``: when the parent renders again and the new props are shallow-equal to the ones
the component rendered with (same keys, each value ``==``, identity first), or ``are_equal(old_props,
new_props)`` says so, the component keeps its last output and renders nothing below it. Its own state
updates and the contexts it reads still render it. The reconciler finds the comparison on the
function (``__pr_memo__``); the server renders a memo component as any other.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from .component import component

__all__ = ["memo", "shallow_equal"]

C = TypeVar("C", bound=Callable[..., Any])


def shallow_equal(old: Mapping[str, Any], new: Mapping[str, Any]) -> bool:
    """The same keys, and each value the same object or ``==``."""
    if old is new:
        return True
    if len(old) != len(new):
        return False
    for name, value in old.items():
        if name not in new:
            return False
        other = new[name]
        if value is other:
            continue
        try:
            if not value == other:  # noqa: SIM201 - __eq__ is what React-style equality means here
                return False
        except Exception:  # noqa: BLE001 - a value that cannot be compared is a change
            return False
    return True


def memo(fn: C, are_equal: Callable[[dict[str, Any], dict[str, Any]], bool] | None = None) -> C:
    """A component like ``fn`` (a ``@component`` or a plain function of props) that does not render
    again when its props are shallow-equal to the last ones (or ``are_equal(old, new)`` is true)."""
    inner = getattr(fn, "__wrapped__", fn) if getattr(fn, "__pr_component__", False) else fn
    if not callable(inner) or isinstance(inner, type):
        raise TypeError(f"memo() expects a component function, got {type(fn).__name__}")
    if are_equal is not None and not callable(are_equal):
        raise TypeError(
            f"memo({getattr(inner, '__name__', 'component')}, are_equal=...): are_equal must be a function "
            f"(old_props, new_props) -> bool, got {type(are_equal).__name__}"
        )

    @functools.wraps(inner)
    def memoized(**props: Any) -> Any:
        return inner(**props)

    if are_equal is None:
        memoized.__pr_memo__ = shallow_equal  # type: ignore[attr-defined]
    else:
        memoized.__pr_memo__ = lambda old, new: bool(are_equal(old, new))  # type: ignore[attr-defined]
    return component(memoized)  # type: ignore[return-value]
