"""Components that reach helpers by relative, absolute and `from pkg import submodule` imports."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pickle_reactor import component
from pickle_reactor.html import span

from . import formatting
from .actions import save
from .helpers import money
from pr_discovery_app.initpkg import VERSION

if TYPE_CHECKING:
    import pydantic  # never runs: not followed, not refused

try:
    import no_such_optional_module  # noqa: F401  (optional: guarded by except ImportError)
except ImportError:
    no_such_optional_module = None


@component
def Price(cents: int = 0):
    def on_click() -> None:
        import js  # Pyodide's own module: fine inside a handler

        js.console.log(money(cents), save)

    return span(on_click=on_click)[money(cents), " ", formatting.size(cents), " ", VERSION]
