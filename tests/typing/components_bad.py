"""Must NOT type-check (tests/unit/test_typing.py expects these mypy errors, by line marker)."""

from __future__ import annotations

from pickle_reactor import component, memo
from pickle_reactor.html import li, ul


@component
def SearchList(items: list[str], query: str = "") -> object:
    return ul[[li[item] for item in items if query in item]]


SearchList(itemz=[])  # E: misspelt prop
SearchList(items=[], query=3)  # E: wrong prop type
SearchList()  # E: missing required prop
memo(SearchList)(itemz=[])  # E: memo keeps the signature
