"""The browser's side of stores: the page's per-request store values and Web Storage.

Before islands hydrate (at start-up, after a client navigation, before a lazy island), :func:`arrive`
reads the page's inert ``<script type="application/json" data-pr-stores>`` blocks (the server sends
each request's values once, before its first island) and hands them to ``core.store``, together with
``sessionStorage``/``localStorage`` for persisted stores. Nothing here keeps a DOM object.
"""

from __future__ import annotations

import json
from typing import Any

from ..core.store import page_arrived, use_storage

__all__ = ["WebStorage", "arrive"]

_installed: list[bool] = []


class WebStorage:
    """``core.store.Storage`` over the page's ``sessionStorage`` and ``localStorage``."""

    def __init__(self, js: Any) -> None:
        self._js = js

    def _area(self, area: str) -> Any:
        return self._js.sessionStorage if area == "session" else self._js.localStorage

    def read(self, area: str, key: str) -> str | None:
        value = self._area(area).getItem(key)
        return value if isinstance(value, str) else None

    def write(self, area: str, key: str, text: str) -> None:
        self._area(area).setItem(key, text)

    def remove(self, area: str, key: str) -> None:
        self._area(area).removeItem(key)


def arrive() -> int:
    """Give the stores this page's server values; returns how many arrived (0 outside a browser page)."""
    try:
        import js  # type: ignore[import-not-found]  # Pyodide's bridge to the page

        blocks = js.document.querySelectorAll("script[data-pr-stores]")
    except (ImportError, AttributeError):  # CPython tests, or Pyodide without a document (Node)
        return 0
    if not _installed:
        _installed.append(True)
        use_storage(WebStorage(js), lambda message: js.console.warn(message))
    seeds: dict[str, Any] = {}
    for index in range(blocks.length):
        text = blocks.item(index).textContent
        try:
            data = json.loads(text)
        except ValueError as exc:
            js.console.warn(f"pickle-reactor: a data-pr-stores block is not JSON ({exc}); its values are ignored")
            continue
        if isinstance(data, dict):
            seeds.update(data)
    page_arrived(seeds)
    return len(seeds)
