"""Islands for tests/e2e/test_hydration_errors.py: one that works, errors only the browser has (caught
by an ErrorBoundary, and not), and one only the server fails to render."""

from __future__ import annotations

import sys

from pickle_reactor import ErrorBoundary, component, use_state
from pickle_reactor.html import button, p, span

IN_BROWSER = sys.platform == "emscripten"


@component
def Good():
    count, set_count = use_state(0)
    return p[span(id="good")[f"good {count}"], button(id="good-inc", on_click=lambda: set_count(count + 1))["+1"]]


@component
def BrowserCrash():
    if IN_BROWSER:
        raise RuntimeError("no such thing in the browser")
    return p(id="crash")["rendered on the server"]


@component
def Guarded():
    def fallback(error: BaseException, reset: object) -> object:
        return p(id="fallback")[f"fallback: {error}"]

    return ErrorBoundary(fallback=fallback)[BrowserCrash()]


@component
def ServerOnlyCrash():
    if not IN_BROWSER:
        raise ConnectionError("the server could not render this")
    return p(id="browser-rendered")["rendered in the browser"]
