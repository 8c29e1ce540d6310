"""Signals in Chromium: text and attributes bound to a signal are patched in place on a click, with
no component render (the server's text node is the one updated); a component that reads the signal
while rendering renders again."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from .servers import free_port, uvicorn

HYDRATED = "html[data-pr-hydrated]"
TIMEOUT = 60_000


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with uvicorn("tests.e2e.apps.signals_app:app", free_port()) as base:
        yield base


def test_bound_text_and_attributes_update_on_click_without_a_render(browser: Any, base_url: str) -> None:
    context = browser.new_context(bypass_csp=True)  # evaluate() reads the render log through Pyodide
    page = context.new_page()
    errors: list[str] = []
    warnings: list[str] = []
    page.on("console", lambda m: (errors if m.type == "error" else warnings if m.type == "warning" else []).append(m.text))
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        response = page.goto(base_url)
        html = response.body().decode()
        assert '<p id="count" class="even">count: <!-- -->0</p>' in html  # SSR: the current values
        assert 'value="value 0"' in html
        page.wait_for_selector(HYDRATED, state="attached", timeout=TIMEOUT)
        page.evaluate("() => { window.serverText = document.querySelector('#count').lastChild; }")
        page.click("#inc")
        page.click("#inc")
        page.click("#inc")
        expect(page.locator("#count")).to_have_text("count: 3")
        expect(page.locator("#count")).to_have_attribute("class", "odd")
        expect(page.locator("#mirror")).to_have_value("value 3")
        expect(page.locator("#total")).to_have_text("total 30")
        # the server's text node was adopted and patched in place
        assert page.evaluate("() => window.serverText.isConnected && window.serverText.data") == "3"
        renders = page.evaluate("""() => pickleReactor.pyodide.runPython(
            "from tests.e2e.apps.signals_components import RENDERS; ','.join(RENDERS)")""")
        # SignalsDemo rendered once (hydration); Total, which reads count.value, once per click
        assert renders.split(",") == ["SignalsDemo", "Total", "Total", "Total", "Total"], renders
        assert errors == []
        assert not [w for w in warnings if "mismatch" in w], warnings
    finally:
        context.close()
