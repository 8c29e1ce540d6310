"""VirtualList in Chromium: 100,000 rows, only the rows in view in the DOM; wheel scrolling brings
in the right rows (scrollTop reaches Python through the scroll event), a re-render keeps the scroll
position, and the keyboard moves focus from row to row to the very end."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from .servers import free_port, uvicorn

HYDRATED = "html[data-pr-hydrated]"
TIMEOUT = 60_000
ROWS = "[role=list] [role=listitem]"


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with uvicorn("tests.e2e.apps.virtual_list_app:app", free_port()) as base:
        yield base


def _indexes(page: Any) -> list[int]:
    return [int(i) for i in page.locator(ROWS).evaluate_all("rows => rows.map(r => r.dataset.prIndex)")]


def test_scrolling_a_100000_row_list(page: Any, base_url: str) -> None:
    response = page.goto(base_url)
    body = response.body().decode()
    assert body.count('role="listitem"') == 19 and 'aria-setsize="100000"' in body  # SSR: the first window
    page.wait_for_selector(HYDRATED, state="attached", timeout=TIMEOUT)
    listbox = page.locator("[role=list]")
    expect(page.locator(ROWS)).to_have_count(19)  # 13 in view (400 / 32, + 1) + 5 overscan below
    listbox.hover()
    page.mouse.wheel(0, 3200)  # 100 rows down
    expect(page.locator(f'{ROWS}[data-pr-index="100"]')).to_have_text("row 100")
    expect(page.locator(f'{ROWS}[data-pr-index="94"]')).to_have_count(0)
    assert len(_indexes(page)) <= 24
    page.click("#rerender")
    expect(page.locator("#rerender")).to_have_text("re-rendered 1")
    expect(page.locator(f'{ROWS}[data-pr-index="100"]')).to_have_text("row 100")  # position kept
    assert min(_indexes(page)) == 95
    page.locator(f'{ROWS}[data-pr-index="100"]').click()  # focus lands in the list
    page.keyboard.press("End")
    last = page.locator(f'{ROWS}[data-pr-index="99999"]')
    expect(last).to_be_focused()
    expect(last).to_have_attribute("aria-posinset", "100000")
    page.keyboard.press("ArrowUp")
    expect(page.locator(f'{ROWS}[data-pr-index="99998"]')).to_be_focused()
    page.keyboard.press("Home")
    expect(page.locator(f'{ROWS}[data-pr-index="0"]')).to_be_focused()
    expect(page.locator(f'{ROWS}[data-pr-index="0"]')).to_have_text("row 0")
    page.keyboard.press("PageDown")
    expect(page.locator(f'{ROWS}[data-pr-index="11"]')).to_be_focused()
    assert len(_indexes(page)) <= 24
    assert page.console_log.errors == []
    assert not [w for w in page.console_log.warnings if "mismatch" in w]
