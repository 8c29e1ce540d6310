"""The sample todo apps' critical flows, written once against ``Driver`` and run in every engine.

Selectors are plain CSS over the sample's markup (``tests/e2e/sample_todo_flow.py`` has the
Playwright-only, role-based versions of the same flows for Chromium).
"""

from __future__ import annotations

import json
import re
import urllib.request

from .drivers import (
    Driver,
    wait_count,
    wait_hydrated,
    wait_text,
    wait_until,
    wait_value,
)

COUNT = "#counter .count"
PLUS = "#counter button:nth-of-type(2)"
MINUS = "#counter button:nth-of-type(1)"
TITLE = "#todo-title"
ADD = "#todos button[type=submit]"
ALERT = "#todos [role=alert]"
# Chromium logs every non-2xx fetch: the refused payloads of the validation flow are expected there.
REFUSED = re.compile(r"status of 422\b")


def row(title: str) -> str:
    return f'#todos li:has(button[aria-label="Delete {title}"])'


def rows_titled(driver: Driver, title: str) -> int:
    return int(driver.js(f"[...document.querySelectorAll('#todos li .title')]"
                         f".filter((e) => e.textContent === {json.dumps(title)}).length"))


def unexpected_errors(driver: Driver) -> list[str]:
    return [e for e in driver.console_errors() if not REFUSED.search(e)]


def harness(base: str, what: str) -> object:
    """Call the test harness in the server (``harness.py``): ``requests``, ``hold``, ``release``."""
    request = urllib.request.Request(f"{base}/__engines/{what}", data=b"" if what != "requests" else None,
                                     method="POST" if what != "requests" else "GET")
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def hydrate(driver: Driver, url: str) -> None:
    driver.goto(url)
    wait_hydrated(driver)


def exercise_counter(driver: Driver) -> None:
    """Click: local state, no server."""
    wait_text(driver, COUNT, "Count: 3")
    driver.click(PLUS)
    driver.click(PLUS)
    driver.click(MINUS)
    wait_text(driver, COUNT, "Count: 4")


def exercise_todos(driver: Driver, base: str, title: str) -> None:
    """Type and submit (an action round trip), the validation errors shown, toggle (kept by the server
    across a reload) and delete."""
    driver.fill(TITLE, title)
    driver.click(ADD)
    wait_until(lambda: rows_titled(driver, title) == 1, f"a row {title!r}")
    wait_value(driver, TITLE, "")

    driver.fill(TITLE, "   ")
    driver.click(ADD)
    wait_text(driver, ALERT, "Write something to do first.")  # refused by the component
    driver.fill(TITLE, "x" * 81)
    driver.click(ADD)
    wait_text(driver, ALERT, "String should have at most 80 characters")  # the server's 422, shown

    driver.click(f"{row(title)} input[type=checkbox]")
    wait_count(driver, f"{row(title)}.done", 1)
    hydrate(driver, base + "/")  # a full load: the server kept it done
    wait_count(driver, f"{row(title)}.done", 1)
    driver.click(f'button[aria-label="Delete {title}"]')
    wait_until(lambda: rows_titled(driver, title) == 0, f"no row {title!r}")


CLONED = ("pickleReactor.pyodide.runPython('from pickle_reactor.browser.client import _state; "
          "sum(p.hits for p in _state[\"runtime\"].templates.positions.values())')")


def exercise_cloned_rows(driver: Driver, title: str) -> None:
    """Three todos added one by one: the second becomes the list's row template and the third is a
    clone of it (the kernel's TEMPLATE and CLONE ops), with its own title, button label and a
    checkbox that toggles that row."""
    titles = [f"{title} #{n}" for n in (1, 2, 3)]
    before = int(driver.js(CLONED))
    for name in titles:
        driver.fill(TITLE, name)
        driver.click(ADD)
        wait_until(lambda name=name: rows_titled(driver, name) == 1, f"a row {name!r}")
    assert int(driver.js(CLONED)) == before + 1, "the third new row was not cloned"
    driver.click(f"{row(titles[2])} input[type=checkbox]")
    wait_count(driver, f"{row(titles[2])}.done", 1)
    assert driver.count(f"{row(titles[1])}.done") == 0
    for name in titles:
        driver.click(f'button[aria-label="Delete {name}"]')
        wait_until(lambda name=name: rows_titled(driver, name) == 0, f"no row {name!r}")


def exercise_reorder(driver: Driver) -> None:
    """Keyed rows move with their DOM: a note typed into a row travels with it."""
    names = "[...document.querySelectorAll('#reorder li .name')].map((e) => e.textContent).join()"
    wait_until(lambda: driver.js(names) == "Alpha,Bravo,Charlie,Delta", "the server's order")
    driver.type('input[aria-label="Note for Alpha"]', "first")
    driver.click('button[aria-label="Move Alpha down"]')
    wait_until(lambda: driver.js(names) == "Bravo,Alpha,Charlie,Delta", "Alpha moved down")
    wait_value(driver, "#reorder li:nth-child(2) input", "first")
    driver.click("#reorder button.reverse")
    wait_until(lambda: driver.js(names) == "Delta,Charlie,Alpha,Bravo", "the reversed order")
    wait_value(driver, 'input[aria-label="Note for Alpha"]', "first")


def exercise_app(driver: Driver, base: str, title: str) -> None:
    hydrate(driver, base + "/")
    exercise_counter(driver)
    exercise_todos(driver, base, title)
    exercise_cloned_rows(driver, title)
    exercise_reorder(driver)
    assert unexpected_errors(driver) == [], driver.console_errors()


def replay_early_input(driver: Driver, base: str, title: str) -> None:
    """Clicks, typing and a submit made while the bundle is held (Python not started) are replayed in
    order once the island hydrates. ``driver`` must have a cold cache (``Engine.fresh``)."""
    harness(base, "hold")
    try:
        driver.goto(base + "/")
        driver.click(PLUS)
        driver.click(PLUS)
        driver.type(TITLE, title)
        driver.click(ADD)  # a submit: prevented now, replayed into Python later
        assert driver.count("html[data-pr-hydrated]") == 0, "hydrated before the bundle was released"
        assert driver.text(COUNT) == "Count: 3"  # nothing ran yet
    finally:
        harness(base, "release")
    wait_hydrated(driver)
    wait_text(driver, COUNT, "Count: 5")
    wait_until(lambda: rows_titled(driver, title) == 1, f"the replayed submit's row {title!r}")
    assert driver.url().rstrip("/") == base  # the submit stayed in Python
    assert unexpected_errors(driver) == [], driver.console_errors()


def heading(driver: Driver, text: str) -> None:
    wait_text(driver, "main h1", text)


def exercise_navigation(driver: Driver, base: str, more: str, title: str) -> None:
    """Client navigation: Python keeps running (a value on window survives), the persistent counter
    keeps its count, a new page's islands work (an action round trip, a lazy island), back and
    forward, and a data-pr-reload link is a full load."""
    hydrate(driver, base + "/")
    driver.js("window.prMarker = 'kept'")
    driver.click(PLUS)
    wait_text(driver, COUNT, "Count: 4")

    driver.click("nav a:nth-of-type(2)")
    heading(driver, "More islands")
    assert driver.url() == base + more
    wait_text(driver, COUNT, "Count: 4")
    driver.click(PLUS)
    wait_text(driver, COUNT, "Count: 5")
    driver.type("#greeting input[name=name]", "Ada")  # hydrate="visible": typed input is replayed
    wait_text(driver, "#greeting .hello", "Hello, Ada!")

    driver.click("nav a:nth-of-type(1)")
    heading(driver, "Todos")
    wait_text(driver, COUNT, "Count: 5")
    driver.fill(TITLE, title)
    driver.click(ADD)  # an action from a page reached client-side
    wait_until(lambda: rows_titled(driver, title) == 1, f"a row {title!r}")

    driver.back()
    heading(driver, "More islands")
    driver.forward()
    heading(driver, "Todos")
    assert driver.js("window.prMarker") == "kept"  # no document was loaded

    driver.click("nav a:nth-of-type(2)")
    heading(driver, "More islands")
    driver.click("main a[data-pr-reload]")
    wait_until(lambda: driver.js("window.prMarker ?? null") is None, "a new document")
    wait_hydrated(driver)
    wait_text(driver, COUNT, "Count: 3")  # a new document, a new island
    assert unexpected_errors(driver) == [], driver.console_errors()
