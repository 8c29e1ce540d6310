"""Islands that cannot start in the browser are visible (issue 11, items 8, 9 and 15), in Chromium.

Pages come from tests/e2e/apps/hydration_errors_app.py: a good island, one whose module imports (in
the browser only) a module the bundle lacks, an ErrorBoundary around a browser-only render error, an
island only the server fails to render, and one with a browser-only render error and no boundary.
``window.pickleReactor.ready``'s outcome is read by an init script (no evaluation under the CSP).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from .servers import free_port, uvicorn

TIMEOUT = 60_000
APP = "tests.e2e.apps"
READY = """
document.addEventListener("DOMContentLoaded", () => {
  const mark = (value) => document.documentElement.setAttribute("data-ready", value);
  window.pickleReactor.ready.then(() => mark("resolved"), (error) => mark(JSON.stringify(
    {message: String(error.message), islands: error.islands || null})));
});
"""


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with uvicorn("tests.e2e.apps.hydration_errors_app:app", free_port()) as base:
        yield base


def outcome(page: Any, url: str) -> Any:
    page.add_init_script(READY)
    page.goto(url)
    page.wait_for_selector("html[data-ready]", state="attached", timeout=TIMEOUT)
    value = page.locator("html").get_attribute("data-ready")
    return value if value == "resolved" else json.loads(value)


def test_a_module_missing_in_the_browser_marks_its_island_and_ready_rejects(page: Any, base_url: str) -> None:
    result = outcome(page, base_url)
    chart = f"{APP}.hydration_errors_broken.Chart"
    assert result != "resolved"
    [failed] = result["islands"]
    assert failed["component"] == chart
    assert "ModuleNotFoundError" in failed["error"] and "hydration_errors_server_only" in failed["error"]
    assert "did not start" in result["message"] and chart in result["message"]
    # the island is marked, its server HTML stays; <html> is not marked hydrated
    expect(page.locator(f'pr-island[data-pr-component="{chart}"]')).to_have_attribute("data-pr-error", failed["error"])
    expect(page.locator("#chart")).to_have_text("a chart from the server")
    assert page.locator("html").get_attribute("data-pr-hydrated") is None
    assert page.evaluate("performance.getEntriesByName('pr-hydrated').length") == 0
    # the console names the component and the fix
    assert any(chart in text and "client_packages" in text for text in page.console_log.errors), page.console_log
    # the other islands started: the good one is interactive
    page.click("#good-inc")
    expect(page.locator("#good")).to_have_text("good 1")


def test_a_boundary_shows_its_fallback_for_a_browser_only_render_error(page: Any, base_url: str) -> None:
    outcome(page, base_url)
    guarded = page.locator(f'pr-island[data-pr-component="{APP}.hydration_errors_components.Guarded"]')
    expect(guarded.locator("#fallback")).to_have_text("fallback: no such thing in the browser")
    expect(guarded.locator("#crash")).to_have_count(0)
    assert guarded.get_attribute("data-pr-error") is None  # caught: the island started


def test_an_island_the_server_failed_to_render_is_rendered_by_the_browser(page: Any, base_url: str) -> None:
    result = outcome(page, f"{base_url}/fine")
    assert result == "resolved"
    island = page.locator(f'pr-island[data-pr-component="{APP}.hydration_errors_components.ServerOnlyCrash"]')
    expect(island.locator("#browser-rendered")).to_have_text("rendered in the browser")
    assert island.get_attribute("data-pr-error") is None  # the server's mark is gone once it started
    expect(page.locator("html")).to_have_attribute("data-pr-hydrated", "")
    assert page.evaluate("performance.getEntriesByName('pr-hydrated').length") == 1
    # rendered, not hydrated into a mismatch (Guarded's warnings are the browser-only error's repair)
    assert not [text for text in page.console_log.warnings if "ServerOnlyCrash" in text or "rendered nothing" in text]
    assert page.console_log.warnings, "Guarded hydrated its fallback over the server's children: a warning"


def test_a_render_error_without_a_boundary_is_a_failed_island(page: Any, base_url: str) -> None:
    result = outcome(page, f"{base_url}/crash")
    crash = f"{APP}.hydration_errors_components.BrowserCrash"
    assert [island["component"] for island in result["islands"]] == [crash]
    assert "no such thing in the browser" in result["islands"][0]["error"]
    expect(page.locator(f'pr-island[data-pr-component="{crash}"]')).to_have_attribute("data-pr-error", result["islands"][0]["error"])
    assert any(crash in text and "ErrorBoundary" in text for text in page.console_log.errors)
    page.click("#good-inc")
    expect(page.locator("#good")).to_have_text("good 1")


def test_a_lazy_island_that_fails_later_is_marked_too(page: Any, base_url: str) -> None:
    assert outcome(page, f"{base_url}/lazy") == "resolved"  # settled before the lazy island's turn
    chart = page.locator(f'pr-island[data-pr-component="{APP}.hydration_errors_broken.Chart"]')
    page.hover("#chart")  # data-pr-hydrate="interaction": its turn
    expect(chart).to_have_attribute("data-pr-error", timeout=TIMEOUT)
    assert "ModuleNotFoundError" in chart.get_attribute("data-pr-error")
