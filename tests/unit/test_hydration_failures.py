"""Islands that cannot start in the browser (issue 11, item 15): the Python half, on the memory DOM.

``pickle_reactor.browser.client`` tells the kernel (``boot.mjs``) which islands failed through
``kernel.failed(index, component, message)``, with a console message naming the component and the
fix; an island the server could not render (``data-pr-error``) is rendered, not hydrated. The JS half
(``data-pr-error``, ``ready`` rejecting, ``data-pr-hydrated``) is tested in Chromium:
tests/e2e/test_hydration_errors.py.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from test_client import MemoryKernel  # the boot.mjs kernel contract over the memory DOM

from pickle_reactor import ErrorBoundary, component
from pickle_reactor.browser import client
from pickle_reactor.core.hooks import ServerFiber, current_fiber
from pickle_reactor.core.nodes import ComponentElement
from pickle_reactor.core.serialize import render_to_string
from pickle_reactor.html import p, span
from pickle_reactor.server.islands import island_markup, props_json


def island(fn: Any, **props: Any) -> str:
    name = f"{__name__}.{fn.__wrapped__.__qualname__}"
    return island_markup(name, props_json(name, props), render_to_string(ComponentElement(fn.__wrapped__, props)))


class FailKernel(MemoryKernel):
    """Also records what Python reports through ``kernel.failed`` and passes data-pr-error on, as boot.mjs."""

    def __init__(self, page: str) -> None:
        super().__init__(page)
        self.failures: list[tuple[int, str, str]] = []

    def islands(self) -> str:
        entries = json.loads(super().islands())
        for entry, root in zip(entries, self.islands_found):
            entry.append("data-pr-error" in root.attrs)
        return json.dumps(entries)

    def failed(self, index: int, component: str, message: str) -> None:
        self.failures.append((index, component, message))


@component
def Good():
    return span(id="good")["good"]


@component
def BrowserOnlyCrash():
    if not isinstance(current_fiber(), ServerFiber):
        raise RuntimeError("window is not what it was")
    return p(id="crash")["server"]


@component
def Guarded():
    return ErrorBoundary(fallback=lambda error, reset: p(id="fallback")[f"sorry: {error}"])[BrowserOnlyCrash()]


@pytest.fixture
def console(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    seen: list[tuple[str, str]] = []
    monkeypatch.setattr(client, "_console", lambda level, message: seen.append((level, message)))
    return seen


def test_a_missing_module_names_the_setting_to_add_it_to(console: list[tuple[str, str]]) -> None:
    missing = island_markup("not_an_app_module.widgets.Chart", "{}", "<p>static</p>")
    kernel = FailKernel(f"<main>{missing}{island(Good)}</main>")
    assert client.start(kernel) == 1
    [(index, name, message)] = kernel.failures
    assert (index, name) == (0, "not_an_app_module.widgets.Chart")
    assert "ModuleNotFoundError" in message and "Reactor(components=[...])" in message
    assert any("PICKLE_REACTOR['components']" in text and "not_an_app_module.widgets.Chart" in text
               for level, text in console if level == "error")


def test_a_render_error_while_hydrating_is_a_failed_island(console: list[tuple[str, str]]) -> None:
    kernel = FailKernel(f"<main>{island(Good)}{island(BrowserOnlyCrash)}</main>")
    assert client.start(kernel) == 1
    [(index, name, message)] = kernel.failures
    assert index == 1 and name.endswith(".BrowserOnlyCrash")
    assert "<BrowserOnlyCrash> (render)" in message and "window is not what it was" in message
    assert any("ErrorBoundary" in text and "BrowserOnlyCrash" in text for level, text in console if level == "error")


def test_an_error_a_boundary_catches_is_not_a_failure() -> None:
    kernel = FailKernel(f"<main>{island(Guarded)}</main>")
    assert client.start(kernel) == 1
    assert kernel.failures == []
    assert kernel.query("#fallback").text == "sorry: window is not what it was"


def test_an_island_the_server_could_not_render_is_rendered_by_the_browser(console: list[tuple[str, str]]) -> None:
    name = f"{__name__}.Good"
    empty = island_markup(name, "{}", "", error=True)
    kernel = FailKernel(f"<main>{empty}</main>")
    assert client.start(kernel) == 1
    assert kernel.failures == []
    assert kernel.query("#good").text == "good"
    assert not [text for level, text in console if level == "warn"]  # rendered, not a hydration mismatch
