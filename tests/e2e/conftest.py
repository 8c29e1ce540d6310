"""Playwright + Debian's Chromium for end-to-end tests (never `playwright install`: no downloads here)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("PICKLE_REACTOR_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if Path(str(item.fspath)).parent == Path(__file__).parent:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make chromium` (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


class ConsoleLog(list):  # type: ignore[type-arg]
    """Console messages and page errors seen by a page: ``[(type, text), ...]``."""

    @property
    def errors(self) -> list[str]:
        return [text for kind, text in self if kind in ("error", "pageerror")]

    @property
    def warnings(self) -> list[str]:
        return [text for kind, text in self if kind == "warning"]


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    """A fresh page in a fresh context; ``page.console_log`` collects console output and page errors."""
    context = browser.new_context()  # type: ignore[attr-defined]
    page = context.new_page()
    log = ConsoleLog()
    page.on("console", lambda msg: log.append((msg.type, msg.text)))
    page.on("pageerror", lambda exc: log.append(("pageerror", str(exc))))
    page.console_log = log
    yield page
    context.close()
