"""Must type-check (tests/unit/test_typing.py runs mypy on it): @component keeps the signature."""

from __future__ import annotations

from pickle_reactor import ComponentElement, component, memo
from pickle_reactor.html import li, ul


@component
def Counter(initial: int = 0, label: str = "Count") -> object:
    return li[f"{label}: {initial}"]


@component
def SearchList(items: list[str], query: str = "") -> object:
    return ul[[li[item] for item in items if query in item]]


a: ComponentElement = Counter(initial=3)
b: ComponentElement = Counter(initial=3, key="a")
c: ComponentElement = SearchList(items=["x", "y"], query="x")
d: ComponentElement = SearchList(items=[], key=1)
Row = memo(Counter)
e: ComponentElement = Row(initial=1)
