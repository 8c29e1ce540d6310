"""Client navigation (Reactor(navigation=True)) and lazy islands in Chromium, under the strict default CSP.

A full page load is told apart from a client navigation by Playwright's ``load`` event (it fires for
documents only) and by a marker set on ``window`` (a new document would not have it).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from .sample_todo_flow import TIMEOUT, hydrate
from .servers import free_port, uvicorn

APP = "tests.e2e.apps.navigation_app:app"


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with uvicorn(APP, free_port()) as base:
        yield base


def count_loads(page: Any) -> list[str]:
    loads: list[str] = []
    page.on("load", lambda p: loads.append(p.url))
    return loads


def marker(page: Any) -> Any:
    return page.evaluate("() => window.prMarker")


def set_marker(page: Any) -> None:
    page.evaluate("() => { window.prMarker = 'still here'; }")


def window_value(page: Any, name: str) -> Any:
    return page.evaluate(f"() => window.{name} ?? null")


def navigated(page: Any, heading: str) -> None:
    expect(page.locator("h1")).to_have_text(heading, timeout=TIMEOUT)


def test_links_keep_python_running_and_persistent_islands_keep_their_state(page: Any, base_url: str) -> None:
    hydrate(page, base_url + "/a")
    loads = count_loads(page)
    set_marker(page)
    counter = page.locator("pr-island[data-pr-persist=counter]")
    counter.locator(".inc").click()
    counter.locator(".inc").click()
    expect(counter.locator(".count")).to_have_text("Count: 2")
    page.locator("#echo-a input").fill("typed on A")
    assert window_value(page, "prMounts") == 1

    page.locator("#to-b").click()
    navigated(page, "B")
    expect(page).to_have_title("Page B")
    assert page.url == base_url + "/b"
    assert page.evaluate("() => document.activeElement === document.body")  # focus moved to the new page
    echo = page.locator("#echo-b")
    echo.locator("input").fill("hello B")  # a new island, hydrated on the running interpreter
    expect(echo.locator(".said")).to_have_text("Said: hello B")
    counter = page.locator("pr-island[data-pr-persist=counter]")
    expect(counter.locator(".count")).to_have_text("Count: 2")  # same DOM, same hook state
    counter.locator(".inc").click()
    expect(counter.locator(".count")).to_have_text("Count: 3")
    assert window_value(page, "prCleanups") == 1  # the Lifecycle island that left was unmounted
    expect(page.locator('meta[name="description"]')).to_have_attribute("content", "Page B page")
    expect(page.locator("h1")).to_have_css("color", "rgb(0, 128, 0)")  # B's stylesheet was added
    expect(page.locator("pr-announcer")).to_have_text("Page B")

    page.go_back()
    navigated(page, "A")
    assert page.url == base_url + "/a"
    expect(page.locator("pr-island[data-pr-persist=counter] .count")).to_have_text("Count: 3")
    expect(page.locator("#echo-a input")).to_have_value("")  # a fresh island: its state was not kept
    page.locator("#echo-a input").fill("again")
    expect(page.locator("#echo-a .said")).to_have_text("Said: again")
    assert window_value(page, "prMounts") == 2
    page.go_forward()
    navigated(page, "B")

    assert marker(page) == "still here"
    assert loads == []
    assert page.console_log.errors == []


def test_a_get_form_navigates_client_side(page: Any, base_url: str) -> None:
    hydrate(page, base_url + "/a")
    loads = count_loads(page)
    page.locator("#search input").fill("mango")
    page.locator("#go").click()
    navigated(page, "B")
    expect(page.locator("#query")).to_have_text("q=mango")
    assert page.url == base_url + "/b?q=mango"
    assert loads == [] and page.console_log.errors == []


def test_navigate_events_and_marks(page: Any, base_url: str) -> None:
    hydrate(page, base_url + "/a")
    page.evaluate("""() => {
        window.prEvents = [];
        document.addEventListener("pr:navigate", (e) => window.prEvents.push("navigate " + e.detail.url));
        document.addEventListener("pr:navigated", (e) => window.prEvents.push("navigated " + e.detail.url));
    }""")
    page.locator("#to-b").click()
    navigated(page, "B")
    page.wait_for_function("() => window.prEvents.length === 2")
    assert window_value(page, "prEvents") == [f"navigate {base_url}/b", f"navigated {base_url}/b"]
    marks = page.evaluate("() => performance.getEntriesByType('mark').map((m) => m.name)")
    assert "pr-navigate" in marks and "pr-navigated" in marks
    # A listener that cancels pr:navigate keeps the page where it is.
    page.evaluate("() => document.addEventListener('pr:navigate', (e) => e.preventDefault())")
    page.locator("#to-a").click()
    time.sleep(0.5)
    expect(page.locator("h1")).to_have_text("B")


def test_scroll_position_comes_back_with_the_back_button(page: Any, base_url: str) -> None:
    hydrate(page, base_url + "/lazy")
    # Scrolled and clicked in one task: the scroll event is still pending when the navigation starts.
    page.evaluate("() => { window.scrollTo(0, 1500); document.getElementById('to-a').click(); }")
    navigated(page, "A")
    assert page.evaluate("() => window.scrollY") == 0
    page.go_back()
    navigated(page, "Lazy")
    page.wait_for_function("() => window.scrollY > 1000", timeout=10_000)


def test_a_late_scroll_event_of_the_page_left_does_not_replace_the_position_to_restore(page: Any, base_url: str) -> None:
    """After the back button's popstate, a scroll event of the page still on screen (they arrive a frame
    late; on a loaded machine after the popstate) is that page's, not the one coming back."""
    hydrate(page, base_url + "/lazy")
    page.evaluate("() => { window.scrollTo(0, 1500); document.getElementById('to-a').click(); }")
    navigated(page, "A")
    page.evaluate("""() => {
        addEventListener("popstate", () => dispatchEvent(new Event("scroll")), { once: true });
        history.back();
    }""")
    navigated(page, "Lazy")
    page.wait_for_function("() => window.scrollY > 1000", timeout=10_000)


@pytest.mark.parametrize("link, heading", [("#to-b-reload", "B"), ("#to-boom", "Server error"),
                                           ("#to-deploy", "Other deploy")])
def test_reload_links_and_error_pages_are_full_loads(page: Any, base_url: str, link: str, heading: str) -> None:
    hydrate(page, base_url + "/a")
    set_marker(page)
    with page.expect_event("load"):
        page.locator(link).click()
    navigated(page, heading)
    assert marker(page) is None  # a new document
    unexpected = [e for e in page.console_log.errors if "status of 500" not in e]
    assert unexpected == []


def test_target_blank_is_left_to_the_browser(page: Any, base_url: str) -> None:
    hydrate(page, base_url + "/a")
    with page.context.expect_page() as popup:
        page.locator("#to-new-tab").click()
    popup.value.wait_for_load_state()
    expect(page.locator("h1")).to_have_text("A")  # this page did not navigate


def test_a_page_without_islands_starts_no_python_and_links_from_it_do(page: Any, base_url: str) -> None:
    response = page.goto(base_url + "/plain")
    html = response.text()
    assert "<pr-island" not in html and "data-pr-navigation" in html and "modulepreload" not in html
    page.wait_for_selector("html[data-pr-hydrated]", state="attached", timeout=TIMEOUT)
    time.sleep(1.0)
    assert page.evaluate("() => window.pickleReactor.pyodide === null")
    loads = count_loads(page)
    page.locator("#to-a").click()
    navigated(page, "A")
    counter = page.locator("pr-island[data-pr-persist=counter]")
    counter.locator(".inc").click()  # Python started for the first page with islands
    expect(counter.locator(".count")).to_have_text("Count: 1", timeout=TIMEOUT)
    assert loads == [] and page.console_log.errors == []


def test_lazy_islands_start_python_only_when_needed_and_lose_no_input(page: Any, base_url: str) -> None:
    hydrate(page, base_url + "/lazy")  # every island is lazy: the page is "hydrated" with no Python
    time.sleep(1.0)
    assert page.evaluate("() => window.pickleReactor.pyodide === null")
    interaction = page.locator("#lazy-interaction")
    interaction.locator("input").type("early")  # starts Python; the keystrokes are replayed
    expect(interaction.locator(".said")).to_have_text("Said: early", timeout=TIMEOUT)
    visible = page.locator("#lazy-visible")
    assert visible.locator("xpath=ancestor::pr-island").evaluate("(el) => el.__prLive === true") is False
    visible.scroll_into_view_if_needed()
    visible.locator("input").fill("seen")
    expect(visible.locator(".said")).to_have_text("Said: seen", timeout=TIMEOUT)
    assert page.console_log.errors == []


def test_an_idle_island_hydrates_without_being_touched(page: Any, base_url: str) -> None:
    hydrate(page, base_url + "/idle")
    island = page.locator("pr-island[data-pr-hydrate=idle]")
    expect(island).to_have_js_property("__prLive", True, timeout=TIMEOUT)
    island.locator(".inc").click()
    expect(island.locator(".count")).to_have_text("Count: 1")
    assert page.console_log.errors == []


def test_hover_prefetches_once_unless_the_link_opts_out(page: Any, base_url: str) -> None:
    hydrate(page, base_url + "/a")
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(r.url) if r.headers.get("x-pr-navigation") else None)
    page.locator("#to-plain-quiet").hover()
    page.wait_for_timeout(400)
    assert fetched == []  # data-pr-prefetch="none"
    page.locator("#to-b").hover()
    page.wait_for_timeout(400)
    assert fetched == [base_url + "/b"]
    loads = count_loads(page)
    page.locator("#to-b").click()
    navigated(page, "B")
    assert fetched == [base_url + "/b"] and loads == []  # the click used the prefetched page


def test_modifier_clicks_are_left_to_the_browser(page: Any, base_url: str) -> None:
    hydrate(page, base_url + "/a")
    with page.context.expect_page() as popup:
        page.locator("#to-b").click(modifiers=["Shift"])  # a new window, as the user asked
    popup.value.wait_for_load_state()
    expect(page.locator("h1")).to_have_text("A")
