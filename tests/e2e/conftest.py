"""Playwright + Debian's Chromium for end-to-end tests (never `playwright install`: no downloads here)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

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


# Every policy violation (CSP, Trusted Types) becomes a console line the fixture fails the test on:
# the strict default policy must never get in the way of what pickle-reactor or Pyodide does.
VIOLATION = "securitypolicyviolation"
_REPORT_VIOLATIONS = f"""
document.addEventListener("{VIOLATION}", (e) => console.error(
  `{VIOLATION}: ${{e.effectiveDirective}} blocked ${{e.blockedURI || "(inline)"}} at ${{e.sourceFile}}:${{e.lineNumber}} `
  + `(${{e.sample}}) under "${{e.originalPolicy}}"`));
"""


@contextmanager
def open_page(browser: Any, **options: Any) -> Iterator[Any]:
    """A fresh page in a fresh context; ``page.console_log`` collects console output and page errors.

    On exit the test fails if the page reported any ``securitypolicyviolation`` (kept apart in
    ``page.violations``, which clearing the console log does not touch).
    """
    context = browser.new_context(**options)
    context.add_init_script(script=_REPORT_VIOLATIONS)
    page = context.new_page()
    log = ConsoleLog()
    violations: list[str] = []

    def on_console(msg: Any) -> None:
        log.append((msg.type, msg.text))
        if msg.text.startswith(VIOLATION):
            violations.append(msg.text)

    page.on("console", on_console)
    page.on("pageerror", lambda exc: log.append(("pageerror", str(exc))))
    page.console_log = log
    page.violations = violations
    try:
        yield page
    finally:
        context.close()
    if violations:
        pytest.fail("the page reported policy violations:\n" + "\n".join(violations))


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh page in a fresh context (see ``open_page``)."""
    with open_page(browser) as page:
        yield page
