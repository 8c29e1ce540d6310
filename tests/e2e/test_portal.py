"""create_portal in Chromium: the modal renders into #modal-root outside the island, its clicks
bubble to the handler of the component that rendered it (React's portal semantics), closing removes
it and leaves the target's own content alone; use_hydrated switches after hydration without a warning."""

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
    with uvicorn("tests.e2e.apps.portal_app:app", free_port()) as base:
        yield base


def test_portal_renders_outside_the_island_and_events_bubble_through_the_component_tree(
        page: Any, base_url: str) -> None:
    response = page.goto(base_url)
    assert b'class="modal"' not in response.body()  # the server renders nothing for a portal
    page.wait_for_selector(HYDRATED, state="attached", timeout=TIMEOUT)
    expect(page.locator("#state")).to_have_text("client")  # use_hydrated: True after hydration
    page.click("#open")
    expect(page.locator("#modal-root > .modal")).to_be_visible()
    expect(page.locator("pr-island .modal")).to_have_count(0)
    expect(page.locator("#clicks")).to_have_text("clicks: 1")  # the open click bubbled to #host
    page.click("#modal-text")  # no handler here; the DOM parent is #modal-root, outside #host
    expect(page.locator("#clicks")).to_have_text("clicks: 2")
    expect(page.locator("#modal-text")).to_have_text("clicks seen by the host: 2")
    page.click("#close")
    expect(page.locator("#modal-root .modal")).to_have_count(0)
    expect(page.locator("#clicks")).to_have_text("clicks: 3")
    expect(page.locator("#modal-root > #static")).to_have_text("kept")
    page.click("#open")  # reopens into the same target: the listener is still there
    page.click("#modal-text")
    expect(page.locator("#clicks")).to_have_text("clicks: 5")
    assert page.console_log.errors == []
    assert not [w for w in page.console_log.warnings if "mismatch" in w]
