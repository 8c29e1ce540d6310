"""The browser runtime in Chromium: hydration adopts the server DOM, events work and are never lost,
mismatches are repaired, handler errors are logged, and no PyProxy leaks.

Pages come from tests/e2e/apps/runtime_app.py under its strict default CSP (no 'unsafe-eval'), so these
tests wait with selectors and ``expect`` rather than evaluating strings in the page; the one test that
must read a JS value opens its own context with ``bypass_csp``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from .servers import free_port, uvicorn

HYDRATED = "html[data-pr-hydrated]"
TIMEOUT = 60_000  # Pyodide starts in ~2 s alone; this machine is shared by several test runs


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with uvicorn("tests.e2e.apps.runtime_app:app", free_port()) as base:
        yield base


def hydrate(page: Any, url: str) -> None:
    page.goto(url)
    page.wait_for_selector(HYDRATED, state="attached", timeout=TIMEOUT)


def test_page_is_served_under_a_strict_csp(page: Any, base_url: str) -> None:
    response = page.goto(base_url)
    policy = response.headers["content-security-policy"]
    assert "'wasm-unsafe-eval'" in policy
    assert "'unsafe-eval'" not in policy.replace("'wasm-unsafe-eval'", "")
    assert "'unsafe-inline'" not in policy
    page.wait_for_selector(HYDRATED, state="attached", timeout=TIMEOUT)
    assert page.console_log.errors == []


def test_hydration_adopts_the_server_nodes(page: Any, base_url: str) -> None:
    # Before any page script runs, remember the server's nodes; after hydration, compare identities.
    page.add_init_script(
        """
        document.addEventListener("DOMContentLoaded", () => {
          const before = [...document.querySelectorAll("pr-island *")];
          const text = document.querySelector("#count").firstChild;
          window.pickleReactor.ready.then(() => {
            const after = [...document.querySelectorAll("pr-island *")];
            const same = before.length === after.length && before.every((n, i) => n === after[i])
              && document.querySelector("#count").firstChild === text;
            document.documentElement.setAttribute("data-adopted", String(same));
          });
        });
        """
    )
    hydrate(page, base_url)
    expect(page.locator("html")).to_have_attribute("data-adopted", "true")
    expect(page.locator("#count")).to_have_text("Count: 3")
    assert page.console_log.errors == []


def test_click_input_and_submit_after_hydration(page: Any, base_url: str) -> None:
    hydrate(page, base_url)
    page.click("#inc")
    page.click("#inc")
    expect(page.locator("#count")).to_have_text("Count: 5")
    page.locator("input[name=title]").press_sequentially("milk")
    expect(page.locator("#echo")).to_have_text("milk")
    page.locator("input[name=title]").press("Enter")
    expect(page.locator("#items li")).to_have_text(["milk"])
    expect(page.locator("input[name=title]")).to_have_value("")
    assert page.url.rstrip("/") == base_url.rstrip("/")  # the submit stayed in Python
    assert page.console_log.errors == []


def test_ref_resolves_to_the_dom_node(page: Any, base_url: str) -> None:
    hydrate(page, base_url)
    page.click("#focus")
    expect(page.locator("input[name=title]")).to_be_focused()


def test_events_before_hydration_are_replayed_in_order(page: Any, base_url: str) -> None:
    held: list[Any] = []
    released = False

    def hold(route: Any) -> None:
        if released:
            route.continue_()
        else:
            held.append(route)

    page.route("**/bundle-*.zip", hold)
    page.goto(base_url, wait_until="domcontentloaded")
    page.click("#inc")
    page.click("#inc")
    page.locator("input[name=title]").press_sequentially("tea")
    page.click("#add")  # a submit: prevented now, replayed into Python later
    page.locator("input[name=title]").press("End")
    page.locator("input[name=title]").press_sequentially("jam")  # the field still shows "tea": "teajam"
    assert page.locator(HYDRATED).count() == 0, "hydrated before the bundle was released"
    released = True
    for route in held:
        route.continue_()
    page.wait_for_selector(HYDRATED, state="attached", timeout=TIMEOUT)
    expect(page.locator("#count")).to_have_text("Count: 5")
    # replayed in order: "tea" was submitted before "jam" was typed; the field keeps what the user typed
    expect(page.locator("#items li")).to_have_text(["tea"])
    expect(page.locator("input[name=title]")).to_have_value("teajam")
    expect(page.locator("#echo")).to_have_text("teajam")
    assert page.url.rstrip("/") == base_url.rstrip("/")
    assert page.console_log.errors == []


def test_hydration_mismatch_is_repaired_with_a_warning(page: Any, base_url: str) -> None:
    response = page.goto(base_url + "/drift")
    assert "rendered in the server" in response.text()
    page.wait_for_selector(HYDRATED, state="attached", timeout=TIMEOUT)
    expect(page.locator("#where")).to_have_text("rendered in the browser")
    assert any("Drifting" in text for text in page.console_log.warnings), page.console_log
    page.click("#drift-inc")
    expect(page.locator("#drift-inc")).to_have_text("clicked 1")
    assert page.console_log.errors == []


def test_handler_exception_is_logged_and_the_island_keeps_working(page: Any, base_url: str) -> None:
    hydrate(page, base_url)
    with page.expect_console_message(lambda msg: msg.type == "error", timeout=TIMEOUT) as caught:
        page.click("#boom")
    text = caught.value.text
    assert "Counter" in text and "Traceback" in text and "boom from the Counter handler" in text, text
    expect(page.locator("#count")).to_have_text("Count: 3")
    page.click("#inc")
    expect(page.locator("#count")).to_have_text("Count: 4")


def test_no_pyproxy_growth_after_1000_clicks(browser: Any, base_url: str) -> None:
    context = browser.new_context(bypass_csp=True)  # to read a JS value with evaluate()
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        hydrate(page, base_url)
        page.click("#inc")  # warm up: first-use caches on both sides
        before = page.evaluate("pickleReactor.liveProxies()")
        assert before > 0, "PyProxy tracing is off: the test app sets Reactor(debug=True)"
        page.evaluate(
            """async () => {
                const button = document.querySelector("#inc");
                for (let i = 0; i < 1000; i++) {
                  button.click();
                  if (i % 50 === 49) await new Promise((r) => setTimeout(r, 0));
                }
            }"""
        )
        expect(page.locator("#count")).to_have_text("Count: 1004")
        page.evaluate("new Promise((r) => setTimeout(r, 50))")
        after = page.evaluate("pickleReactor.liveProxies()")
        assert after == before, f"live PyProxies grew from {before} to {after} over 1,000 clicks"
        assert errors == []
    finally:
        context.close()


def test_a_list_emptied_or_replaced_at_once_is_cleared_in_one_op(browser: Any, base_url: str) -> None:
    """The kernel's CLEAR op: the old rows leave the document at once and the node table at idle
    (ids released), the new rows arrive, and events still reach the island afterwards."""
    context = browser.new_context(bypass_csp=True)  # to read the kernel's ids with evaluate()
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        hydrate(page, base_url + "/keyed")
        page.evaluate("window.__old = [...document.querySelectorAll('#rows .row')]")
        page.click("#replace")
        expect(page.locator("#rows .row")).to_have_text(["n0", "n1", "n2", "n3"])
        assert page.evaluate("() => window.__old.some((n) => n.isConnected)") is False
        # released at idle, or by the idle callback's 1 s timeout on a page that is never idle
        page.wait_for_function("() => window.__old.every((n) => n.__prId === undefined)", timeout=5_000)
        assert page.evaluate("() => window.__old.length") == 5
        page.click("#empty")
        expect(page.locator("#rows .row")).to_have_count(0)
        assert page.evaluate("document.querySelector('#rows').childNodes.length") == 0
        page.click("#refill")
        expect(page.locator("#rows .row")).to_have_text(["x", "y"])
        assert errors == []
    finally:
        context.close()


# Rows mounted as copies of a template so far: element rows (templates.py) and compiled rows (blocks.py).
CLONES = """
from pickle_reactor.browser.client import _state
from pickle_reactor.core.reconciler.blocks import BlockFiber

def compiled(fiber):
    return (type(fiber) is BlockFiber) + sum(compiled(c) for c in getattr(fiber, "children", ()) if c is not None)

runtime = _state["runtime"]
sum(p.hits for p in runtime.templates.positions.values()) + sum(compiled(root.fiber) for root in runtime.roots)
"""


def test_rows_cloned_from_a_template_are_real_rows(browser: Any, base_url: str) -> None:
    """The kernel's TEMPLATE and CLONE ops: rows built from a cloned subtree have their own texts and
    classes, answer their own clicks, patch and go like rows built node by node."""
    context = browser.new_context(bypass_csp=True)  # to ask Python how many rows were cloned
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        hydrate(page, base_url + "/cloned")
        page.click("#add")
        page.click("#add")
        rows = page.locator("#cloned tbody tr")
        expect(rows).to_have_count(60)
        expect(page.locator("#cloned td.id")).to_have_text([str(n) for n in range(60)])
        expect(page.locator("#cloned a.lbl")).to_have_text([f"row {n}" for n in range(60)])
        hits = page.evaluate("pickleReactor.pyodide.runPython(`" + CLONES + "`)")
        assert hits == 58  # every row after the first two of their shape (ClonedRow compiles: blocks.py)
        page.click("#cloned tbody tr:nth-child(40) a.lbl")
        expect(page.locator("#cloned tr.danger td.id")).to_have_text("39")
        page.locator("#cloned tbody tr:nth-child(31) a.remove").dispatch_event("click")  # empty: not visible
        expect(rows).to_have_count(59)
        expect(page.locator("#cloned td.id").nth(30)).to_have_text("31")
        page.click("#add")
        expect(page.locator("#cloned td.id").last).to_have_text("89")
        expect(page.locator("#cloned tr.danger td.id")).to_have_text("39")
        assert page.evaluate("document.querySelectorAll('#cloned tbody tr td:nth-child(3) span.icon').length") == 89
        assert errors == []
    finally:
        context.close()


def test_a_commits_garbage_collection_waits_for_idle_time(browser: Any, base_url: str) -> None:
    """After a commit that brought a collection due, Python's collector stays off through the click's
    task (the frame with the update comes first) and runs from requestIdleCallback."""
    context = browser.new_context(bypass_csp=True)  # to run Python in the page with evaluate()
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        hydrate(page, base_url)
        state = ("import gc, json; from pickle_reactor.core.reconciler.root import _CollectorPaused as C; "
                 "json.dumps([gc.isenabled(), C.waiting])")
        in_the_click = page.evaluate(
            """([state]) => {
                const py = pickleReactor.pyodide;
                py.runPython("import gc; __pr_threshold = gc.get_threshold(); gc.set_threshold(20)");
                document.querySelector("#inc").click();  // a commit: more than 20 objects allocated
                const seen = py.runPython(state);
                py.runPython("gc.set_threshold(*__pr_threshold)");
                return seen;
            }""",
            [state],
        )
        assert in_the_click == "[false, true]"  # off, and asked for idle time
        page.evaluate("new Promise((r) => requestIdleCallback(() => setTimeout(r, 0)))")
        assert page.evaluate("c => pickleReactor.pyodide.runPython(c)", state) == "[true, false]"
        expect(page.locator("#count")).to_have_text("Count: 4")  # the click itself was rendered at once
        assert errors == []
    finally:
        context.close()
