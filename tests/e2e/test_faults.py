"""Faults a page must survive, in Chromium: the server gone while the page is open, a props block
tampered with in the page. (A tampered or truncated memory snapshot: tests/e2e/test_snapshot.py;
tampered files: tests/e2e/test_integrity.py; a killed worker under load: tests/e2e/test_load.py.)"""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from .sample_todo_flow import TIMEOUT, hydrate
from .servers import free_port, uvicorn

APP = "tests.e2e.apps.hardening_app:app"
READY = "() => pickleReactor.ready.then(() => 'resolved', (err) => err.message)"


def test_server_stopped_an_action_rejects_with_status_0_and_the_island_stays_interactive(page: Any) -> None:
    with uvicorn(APP, free_port()) as base:
        hydrate(page, base + "/")
        page.click("#call")
        expect(page.locator("#status")).to_have_text("result 42")
    # The server is gone (its process group was stopped); the page stays open.
    page.click("#call")
    expect(page.locator("#status")).to_have_text("error 0: Network error", timeout=TIMEOUT)
    page.click("#local")
    expect(page.locator("#local")).to_have_text("clicked 1")  # still live: state, events, renders
    page.click("#call")  # and a second failure is shown the same way, nothing hangs
    expect(page.locator("#status")).to_have_text("error 0: Network error", timeout=TIMEOUT)
    page.click("#swap")
    expect(page.locator("#markup i.shape")).to_have_text("italic")
    refused = [e for e in page.console_log.errors if "ERR_CONNECTION_REFUSED" not in e]
    assert refused == [], page.console_log


def start_with_props(page: Any, base: str, props: str) -> str:
    """Load the page with the Caller island's props block replaced by ``props``; wait until that island
    is marked failed; return the message ``pickleReactor.ready`` rejected with."""
    old = 'data-pr-props>{"start":21}</script>'

    def handle(route: Any) -> None:
        response = route.fetch()
        body = response.text()
        assert old in body, body
        route.fulfill(response=response, body=body.replace(old, f"data-pr-props>{props}</script>", 1))

    page.route(lambda url: url.endswith("/"), handle)
    page.goto(base + "/")
    page.wait_for_selector("pr-island[data-pr-component$='.Caller'][data-pr-error]", state="attached",
                           timeout=TIMEOUT)
    message: str = page.evaluate(READY)
    page.click("#swap")  # the other island is live
    expect(page.locator("#markup i.shape")).to_have_text("italic")
    return message


def test_a_tampered_props_block_fails_that_island_with_a_clear_error(page: Any) -> None:
    with uvicorn(APP, free_port()) as base:
        message = start_with_props(page, base, '{"start":21')
    assert "1 island(s) did not start" in message and "Caller" in message, message
    assert [e for e in page.console_log.errors if "Caller" in e and "props" in e.lower()], page.console_log
    expect(page.locator("#status")).to_have_text("idle")  # never adopted: it keeps its server HTML


def test_props_of_the_wrong_shape_fail_that_island_and_name_the_prop(page: Any) -> None:
    with uvicorn(APP, free_port()) as base:
        message = start_with_props(page, base, '{"start":21,"evil":1}')
    assert "Caller" in message, message
    assert [e for e in page.console_log.errors if "evil" in e], page.console_log
    # (Its render raised in the browser: the island is left empty, as for any island whose first
    # client render fails; see docs/browser.md.)
