"""One small driver protocol over Playwright (Chromium) and Selenium (Firefox ESR, WebKitGTK), so that the
cross-engine flows are written once.

Everything is CSS selectors and polling: no engine-specific locator, nothing evaluated as a string in
the page's own realm that its strict CSP would block (WebDriver's and Playwright's script calls run
outside the page's CSP).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, Protocol, TypeVar

T = TypeVar("T")
TIMEOUT = 90.0  # seconds; Pyodide starts in 2-7 s alone, and this machine is shared by several runs


class Driver(Protocol):
    """What a flow may do with a browser tab."""

    engine: str

    def goto(self, url: str) -> None:
        """Navigate and return at DOMContentLoaded (hydration is waited for separately)."""

    def click(self, css: str) -> None: ...

    def fill(self, css: str, text: str) -> None:
        """Replace the field's value by typing, so the page sees key and input events."""

    def type(self, css: str, text: str) -> None:
        """Type at the end of the field's current value."""

    def text(self, css: str) -> str: ...

    def value(self, css: str) -> str: ...

    def count(self, css: str) -> int: ...

    def js(self, expression: str) -> Any:
        """The value of a JS expression (run by the driver, outside the page's CSP)."""

    def back(self) -> None: ...

    def forward(self) -> None: ...

    def url(self) -> str: ...

    def console_errors(self) -> list[str]:
        """Errors the page logged since the last reset (console errors, uncaught errors, CSP violations)."""

    def reset(self, origin: str) -> None:
        """Forget ``origin``'s cookies and storage and the logged errors; leave the HTTP cache warm."""

    def close(self) -> None:
        """End the session (or context)."""


def wait_until(check: Callable[[], T], what: str, timeout: float = TIMEOUT) -> T:
    """Poll ``check`` until it returns a truthy value; fail naming ``what`` and the last value seen."""
    deadline = time.monotonic() + timeout
    last: Any = None
    while True:
        try:
            last = check()
            if last:
                return last
        except Exception as error:  # noqa: BLE001 - a node replaced between two renders: retry until the deadline
            last = error
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what} (last: {last!r})")
        time.sleep(0.05)


def wait_text(driver: Driver, css: str, expected: str, timeout: float = TIMEOUT) -> None:
    wait_until(lambda: driver.text(css).strip() == expected, f"{css} to read {expected!r}", timeout)


def wait_value(driver: Driver, css: str, expected: str) -> None:
    wait_until(lambda: driver.value(css) == expected, f"{css} to hold {expected!r}")


def wait_count(driver: Driver, css: str, expected: int) -> None:
    wait_until(lambda: driver.count(css) == expected, f"{expected} x {css}")


def wait_hydrated(driver: Driver) -> None:
    wait_until(lambda: driver.count("html[data-pr-hydrated]") == 1, "html[data-pr-hydrated]")


class PlaywrightDriver:
    """A Playwright page in a fresh context; console messages come from Playwright's own events."""

    def __init__(self, browser: Any) -> None:
        self.engine = "chromium"
        self.browser = browser
        self.context: Any = None
        self.reset("")

    def reset(self, origin: str) -> None:
        if self.context is not None:
            self.context.close()
        self.context = self.browser.new_context()
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.page.on("console", lambda msg: self.errors.append(msg.text) if msg.type == "error" else None)
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))

    def close(self) -> None:
        self.context.close()

    def goto(self, url: str) -> None:
        self.page.goto(url, wait_until="domcontentloaded")

    def click(self, css: str) -> None:
        self.page.locator(css).click()

    def fill(self, css: str, text: str) -> None:
        field = self.page.locator(css)
        field.press("Control+a")
        field.press("Backspace")
        field.press_sequentially(text)

    def type(self, css: str, text: str) -> None:
        field = self.page.locator(css)
        field.press("End")
        field.press_sequentially(text)

    def text(self, css: str) -> str:
        return str(self.page.locator(css).text_content(timeout=1000))

    def value(self, css: str) -> str:
        return str(self.page.locator(css).input_value(timeout=1000))

    def count(self, css: str) -> int:
        return int(self.page.locator(css).count())

    def js(self, expression: str) -> Any:
        return self.page.evaluate(f"() => ({expression})")

    def back(self) -> None:
        self.page.go_back(wait_until="commit")

    def forward(self) -> None:
        self.page.go_forward(wait_until="commit")

    def url(self) -> str:
        return str(self.page.url)

    def console_errors(self) -> list[str]:
        return list(self.errors)


class SeleniumDriver:
    """A Selenium session. Console errors: WebDriver BiDi log events when the session has BiDi (Firefox),
    else the harness's console hook (WebKitGTK); CSP violations from the hook in both."""

    def __init__(self, engine: str, webdriver: Any, *, bidi: bool) -> None:
        from selenium.webdriver.common.by import By
        from selenium.webdriver.common.keys import Keys

        self.engine = engine
        self.driver = webdriver
        self.by, self.keys = By, Keys
        self.bidi = bidi
        self.bidi_errors: list[str] = []
        if bidi:
            webdriver.script.add_console_message_handler(self._bidi_entry)
            webdriver.script.add_javascript_error_handler(self._bidi_entry)

    def _bidi_entry(self, entry: Any) -> None:
        if getattr(entry, "level", "error") == "error":
            self.bidi_errors.append(str(entry.text))

    def close(self) -> None:
        self.driver.quit()

    def reset(self, origin: str) -> None:
        self.driver.get(origin + "/__engines/blank")  # the origin's cookies and storage are reachable here
        self.driver.delete_all_cookies()
        self.js("sessionStorage.clear(), localStorage.clear(), 0")
        self.bidi_errors.clear()

    def _el(self, css: str) -> Any:
        return self.driver.find_element(self.by.CSS_SELECTOR, css)

    def goto(self, url: str) -> None:
        self.driver.get(url)
        # Past DOMContentLoaded: module scripts (boot.mjs, which records early input) have run.
        wait_until(lambda: self.js(f"document.URL === {url!r} && document.readyState !== 'loading'"),
                   f"{url} parsed")

    def click(self, css: str) -> None:
        wait_until(lambda: self._el(css), css).click()

    def fill(self, css: str, text: str) -> None:
        field = wait_until(lambda: self._el(css), css)
        field.send_keys(self.keys.CONTROL, "a")
        field.send_keys(self.keys.BACKSPACE)
        if text:
            field.send_keys(text)

    def type(self, css: str, text: str) -> None:
        field = wait_until(lambda: self._el(css), css)
        field.send_keys(self.keys.END, text)

    def text(self, css: str) -> str:
        return str(self.js(f"document.querySelector({css!r}).textContent"))

    def value(self, css: str) -> str:
        return str(self.js(f"document.querySelector({css!r}).value"))

    def count(self, css: str) -> int:
        return int(self.js(f"document.querySelectorAll({css!r}).length"))

    def js(self, expression: str) -> Any:
        return self.driver.execute_script(f"return ({expression});")

    def back(self) -> None:
        self.driver.back()

    def forward(self) -> None:
        self.driver.forward()

    def url(self) -> str:
        return str(self.driver.current_url)

    def console_errors(self) -> list[str]:
        hooked = self.js("window.__enginesLog ? window.__enginesLog() : []") or []
        kinds = ("csp",) if self.bidi else ("console.error", "error", "unhandledrejection", "csp")
        return self.bidi_errors + [text for kind, text in hooked if kind in kinds]
