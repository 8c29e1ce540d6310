"""What a person does with either sample todo app, in Chromium; shared by the Starlette and Django tests.

The pages are served under a strict CSP (no 'unsafe-eval'), so everything waits with selectors and
``expect`` and nothing evaluates strings in the page.
"""

from __future__ import annotations

import re
import urllib.request
from typing import Any

from playwright.sync_api import expect

HYDRATED = "html[data-pr-hydrated]"
TIMEOUT = 90_000  # Pyodide starts in ~2 s alone; this machine is shared by several test runs
BOOT_URL = re.compile(r'<script type="module" src="([^"]+)"[^>]*data-pr-bundle="([^"]+)"')


def hydrate(page: Any, url: str) -> Any:
    response = page.goto(url)
    page.wait_for_selector(HYDRATED, state="attached", timeout=TIMEOUT)
    return response


def assert_strict_csp(response: Any) -> None:
    policy = response.headers["content-security-policy"]
    assert "'wasm-unsafe-eval'" in policy
    assert "'unsafe-inline'" not in policy
    assert "'unsafe-eval'" not in policy.replace("'wasm-unsafe-eval'", "")


def exercise_counter(page: Any) -> None:
    counter = page.locator("#counter")
    expect(counter.locator(".count")).to_have_text("Count: 3")
    counter.get_by_role("button", name="+").click()
    counter.get_by_role("button", name="+").click()
    counter.get_by_role("button", name="−").click()
    expect(counter.locator(".count")).to_have_text("Count: 4")


def exercise_todos(page: Any, title: str) -> None:
    """Add (an action), see the validation error (a 422 shown in the form), toggle and delete."""
    todos = page.locator("#todos")
    field = todos.get_by_label("New todo")
    field.fill(title)
    todos.get_by_role("button", name="Add").click()
    row = todos.locator("li", has_text=title)
    expect(row).to_have_count(1)
    expect(field).to_have_value("")

    field.fill("   ")
    todos.get_by_role("button", name="Add").click()
    expect(todos.get_by_role("alert")).to_have_text("Write something to do first.")
    field.fill("x" * 81)
    todos.get_by_role("button", name="Add").click()
    expect(todos.get_by_role("alert")).to_have_text("String should have at most 80 characters")

    row.get_by_role("checkbox").check()
    expect(row).to_have_class(re.compile(r"\bdone\b"))
    page.reload()  # the server kept it: the page renders it done
    page.wait_for_selector(HYDRATED, state="attached", timeout=TIMEOUT)
    row = page.locator("#todos li", has_text=title)
    expect(row).to_have_class(re.compile(r"\bdone\b"))
    row.get_by_role("button", name=f"Delete {title}").click()
    expect(page.locator("#todos li", has_text=title)).to_have_count(0)


def exercise_reorder(page: Any) -> None:
    """Keyed rows move with their DOM: a note typed into a row travels with it."""
    rows = page.locator("#reorder li")
    expect(rows.locator(".name")).to_have_text(["Alpha", "Bravo", "Charlie", "Delta"])
    page.get_by_label("Note for Alpha").fill("first")
    page.get_by_role("button", name="Move Alpha down").click()
    expect(rows.locator(".name")).to_have_text(["Bravo", "Alpha", "Charlie", "Delta"])
    expect(rows.nth(1).locator("input")).to_have_value("first")
    page.get_by_role("button", name="Reverse").click()
    expect(rows.locator(".name")).to_have_text(["Delta", "Charlie", "Alpha", "Bravo"])
    expect(page.get_by_label("Note for Alpha")).to_have_value("first")


def exercise_app(page: Any, base: str, title: str) -> None:
    response = hydrate(page, base + "/")
    assert_strict_csp(response)
    exercise_counter(page)
    exercise_todos(page, title)
    exercise_reorder(page)
    # Chromium logs every non-2xx fetch; the two refused payloads above are the only ones expected.
    refused = "Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)"
    errors = page.console_log.errors
    assert [e for e in errors if e != refused] == [], errors
    assert errors.count(refused) == 2, errors


def assert_plain_page(page: Any, url: str) -> None:
    """The ordinary page is the framework's own: no island and no preloads; with navigation on it
    carries only the boot module (so links from it keep Python warm), and no Python starts there."""
    response = page.goto(url)
    assert response.status == 200
    html = response.text()
    assert "<pr-island" not in html and "modulepreload" not in html and "data-pr-navigation" in html
    expect(page.get_by_role("heading", name="About")).to_be_visible()
    page.wait_for_selector(HYDRATED, state="attached", timeout=TIMEOUT)
    assert page.evaluate("() => window.pickleReactor.pyodide === null")
    assert page.console_log.errors == []


def exercise_navigation(page: Any, base: str, more: str, title: str) -> None:
    """Client navigation between the two island pages: Python keeps running (a value on window
    survives, no document load), the persistent counter keeps its count, the new islands work (an
    action round trip with the CSRF token on Django), back and forward, and a data-pr-reload link is a
    full load."""
    hydrate(page, base + "/")
    loads: list[str] = []
    page.on("load", lambda p: loads.append(p.url))
    page.evaluate("() => { window.prMarker = 'kept'; }")
    counter = page.locator("#counter")
    counter.get_by_role("button", name="+").click()
    expect(counter.locator(".count")).to_have_text("Count: 4")

    page.get_by_role("link", name="More islands").click()
    expect(page.get_by_role("heading", name="More islands")).to_be_visible(timeout=TIMEOUT)
    assert page.url == base + more
    expect(page.locator("#counter .count")).to_have_text("Count: 4")
    page.locator("#counter").get_by_role("button", name="+").click()
    expect(page.locator("#counter .count")).to_have_text("Count: 5")
    greeting = page.locator("#greeting")
    greeting.get_by_label("Your name").fill("Ada")
    expect(greeting.locator(".hello")).to_have_text("Hello, Ada!")

    page.get_by_role("link", name="Todos").click()
    expect(page.get_by_role("heading", name="Todos", exact=True)).to_be_visible(timeout=TIMEOUT)
    expect(page.locator("#counter .count")).to_have_text("Count: 5")
    todos = page.locator("#todos")
    todos.get_by_label("New todo").fill(title)
    todos.get_by_role("button", name="Add").click()  # an action from a page reached client-side
    expect(todos.locator("li", has_text=title)).to_have_count(1)

    page.go_back()
    expect(page.get_by_role("heading", name="More islands")).to_be_visible(timeout=TIMEOUT)
    page.go_forward()
    expect(page.get_by_role("heading", name="Todos", exact=True)).to_be_visible(timeout=TIMEOUT)
    assert page.evaluate("() => window.prMarker") == "kept" and loads == []

    page.get_by_role("link", name="More islands").click()
    expect(page.get_by_role("heading", name="More islands")).to_be_visible(timeout=TIMEOUT)
    with page.expect_event("load"):
        page.get_by_role("link", name="Load this page from scratch").click()
    page.wait_for_selector(HYDRATED, state="attached", timeout=TIMEOUT)
    assert page.evaluate("() => window.prMarker ?? null") is None
    expect(page.locator("#counter .count")).to_have_text("Count: 3")  # a new document, a new island
    assert page.console_log.errors == []


def asset_urls(html: str) -> tuple[str, str]:
    match = BOOT_URL.search(html)
    assert match, "no bootstrap tag in the page"
    return match.group(1), match.group(2)


def get(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers={"Connection": "close", **(headers or {})})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status, dict(response.headers), response.read()


def exercise_shop(page: Any, url: str) -> None:
    """Two islands share the cart store: adding in the product list updates the badge; a reload keeps it."""
    hydrate(page, url)
    badge = page.locator("#cart .cart-count")
    expect(badge).to_have_text("0 in cart")
    page.get_by_role("button", name="Add Honey").click()
    page.get_by_role("button", name="Add Honey").click()
    page.get_by_role("button", name="Add Lemons").click()
    expect(badge).to_have_text("3 in cart")
    expect(page.locator("#cart .cart-badge")).to_contain_text("€16")
    expect(page.locator("#products li", has_text="Honey").locator(".in-cart")).to_have_text("(2 in cart)")
    page.reload()  # sessionStorage keeps the cart
    page.wait_for_selector(HYDRATED, state="attached", timeout=TIMEOUT)
    expect(badge).to_have_text("3 in cart")
    page.locator("#cart").get_by_role("button", name="Empty").click()
    expect(badge).to_have_text("0 in cart")
    expect(page.locator("#products .in-cart").first).to_have_text("(0 in cart)")
    assert [text for kind, text in getattr(page, "console_log", []) if kind == "error"] == []
