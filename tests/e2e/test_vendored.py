"""A helper module found by import discovery and a vendored pure-Python package, used by an island in
Chromium: the browser renders with them after an event, under the strict default CSP."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from .sample_todo_flow import TIMEOUT, hydrate
from .servers import free_port, uvicorn


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with uvicorn("tests.e2e.apps.vendored.app:app", free_port()) as base:
        yield base


def test_an_island_uses_a_discovered_helper_and_a_vendored_package(page: Any, base_url: str) -> None:
    hydrate(page, base_url + "/")
    wallet = page.locator(".wallet")
    expect(wallet.locator(".amount")).to_have_text("1,234 coins")  # server-rendered
    wallet.locator(".more").click()  # rendered again in the browser, by humanize under Pyodide
    expect(wallet.locator(".amount")).to_have_text("1,234,000 coins", timeout=TIMEOUT)
    assert page.console_log.errors == [] and page.console_log.warnings == []
