"""Stores in Chromium: two islands share one, a persisted store survives a reload (a stale stored
value is dropped with a warning), a per-request value renders on the server and seeds the browser
without a hydration mismatch, and a client navigation keeps the store's value."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from .sample_todo_flow import TIMEOUT, hydrate
from .servers import free_port, uvicorn

KEY = "pickle-reactor:store:tests.e2e.apps.stores_components.cart"


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with uvicorn("tests.e2e.apps.stores_app:app", free_port()) as base:
        yield base


def mismatches(page: Any) -> list[str]:
    return [text for kind, text in page.console_log if "mismatch" in text]


def test_two_islands_share_a_store_and_it_survives_a_reload(page: Any, base_url: str) -> None:
    hydrate(page, base_url + "/shop")
    badge = page.locator(".badge .count")
    expect(badge).to_have_text("0 in cart")
    page.click(".add-apple")
    page.click(".add-apple")
    page.click(".add-plum")
    expect(badge).to_have_text("3 in cart")  # the other island, updated by the same store
    expect(page.locator(".qty-apple")).to_have_text("2")
    assert page.evaluate(f"() => sessionStorage.getItem({KEY!r})") == (
        '{"lines":[{"sku":"apple","qty":2},{"sku":"plum","qty":1}]}')

    response = page.reload()
    assert b"0 in cart" in response.body()  # the server knows nothing of the browser's cart
    page.wait_for_selector("html[data-pr-hydrated]", state="attached", timeout=TIMEOUT)
    expect(badge).to_have_text("3 in cart")  # restored from sessionStorage after hydration
    expect(page.locator(".qty-plum")).to_have_text("1")
    assert mismatches(page) == []  # hydration matched the server's HTML, then rendered the browser's value
    assert page.console_log.errors == []


def test_a_stored_value_that_no_longer_fits_is_dropped_with_a_warning(page: Any, base_url: str) -> None:
    hydrate(page, base_url + "/shop")
    page.evaluate(f"() => sessionStorage.setItem({KEY!r}, JSON.stringify({{lines: [{{sku: 'apple', colour: 1}}]}}))")
    page.reload()
    page.wait_for_selector("html[data-pr-hydrated]", state="attached", timeout=TIMEOUT)
    expect(page.locator(".badge .count")).to_have_text("0 in cart")
    warnings = [text for text in page.console_log.warnings if "no longer fits its type and was dropped" in text]
    assert warnings and "'colour'" in warnings[0], page.console_log
    assert page.evaluate(f"() => sessionStorage.getItem({KEY!r})") is None
    page.click(".add-pear")  # the page works on
    expect(page.locator(".badge .count")).to_have_text("1 in cart")
    assert page.console_log.errors == []


def test_a_per_request_value_renders_on_the_server_and_seeds_the_browser(page: Any, base_url: str) -> None:
    response = hydrate(page, base_url + "/shop?who=ann")
    body = response.body().decode()
    assert body.count("data-pr-stores") == 1
    assert '<span class="who">ann</span>' in body
    expect(page.locator(".badge .who")).to_have_text("ann")
    page.click(".add-pear")
    expect(page.locator(".badge .count")).to_have_text("1 in cart")
    assert mismatches(page) == []
    other = page.context.browser.new_page()
    try:
        hydrate(other, base_url + "/shop?who=bob")
        expect(other.locator(".badge .who")).to_have_text("bob")
        hydrate(other, base_url + "/shop")
        expect(other.locator(".badge .who")).to_have_text("guest")  # no value given: the default
    finally:
        other.close()


def test_client_navigation_keeps_the_store_and_hydrates_against_the_new_page(page: Any, base_url: str) -> None:
    hydrate(page, base_url + "/shop?who=ann")
    page.evaluate("() => { window.prMarker = 'same document'; }")
    page.click(".add-plum")
    page.click(".add-plum")
    page.click("#to-checkout")  # the server renders this page for shopper "zed" and an empty cart
    expect(page.locator("h1")).to_have_text("Checkout", timeout=TIMEOUT)
    assert page.evaluate("() => window.prMarker") == "same document"  # a client navigation
    expect(page.locator(".badge .count")).to_have_text("2 in cart")  # the store kept its value
    expect(page.locator(".badge .who")).to_have_text("ann")  # the browser's value wins over the new page's
    assert mismatches(page) == []
    assert page.console_log.errors == []
