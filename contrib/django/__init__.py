"""Django adapter for pickle-reactor."""

from __future__ import annotations

from typing import Any


def provide(store: Any, value: Any) -> None:
    """Give ``store`` this value for the current request (in a view, or a context processor): the
    page's islands render with it and the browser's store starts from it. See ``Reactor.provide``."""
    from .conf import get_reactor

    get_reactor().provide(store, value)
