"""The memory-snapshot start in Chromium, under the strict default CSP (tests/e2e/apps/snapshot_app.py).

One server and one browser context for the module (its Cache API holds the snapshot between tests, so
the tests run in order): the first visit starts fresh and a Worker saves a snapshot; later loads
restore it, hydrate and are interactive, with fresh entropy and tracebacks that show source lines; a
missing, stale-keyed, corrupt or mismatched snapshot falls back to a fresh start with one console line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from .conftest import open_page
from .servers import free_port, uvicorn

HYDRATED = "html[data-pr-hydrated]"
TIMEOUT = 90_000
FALLBACK = "Python started without a memory snapshot"

# Runs in the page (Playwright's evaluate is not subject to the page's CSP): rewrite the one entry.
TAMPER = """async (mode) => {
  const cache = await caches.open("pickle-reactor-snapshot");
  const [request] = await cache.keys();
  const response = await cache.match(request);
  const bytes = new Uint8Array(await response.arrayBuffer());
  const headers = Object.fromEntries(response.headers);
  let key = request.url;
  if (mode === "corrupt") bytes[bytes.length >> 1] ^= 0xff;                 // checksum no longer matches
  if (mode === "build-id") { for (let i = 16; i < 48; i++) bytes[i] = 0x30; // another Pyodide build
    const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
    headers["x-pr-sha256"] = Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join(""); }
  if (mode === "stale-key") key = key.replace("bundle-", "bundle-0ld");     // an older deploy's entry
  await cache.delete(request);
  if (mode !== "missing") await cache.put(key, new Response(bytes, { headers }));
  return (await cache.keys()).length;
}"""


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with uvicorn("tests.e2e.apps.snapshot_app:app", free_port()) as base:
        yield base


@pytest.fixture(scope="module")
def page(browser: Any) -> Iterator[Any]:
    with open_page(browser) as page:
        yield page


def load(page: Any, url: str) -> str:
    """Navigate, wait for hydration; how Python started ("snapshot" or "fresh")."""
    page.console_log.clear()
    page.goto(url)
    page.wait_for_selector(HYDRATED, state="attached", timeout=TIMEOUT)
    start = page.get_attribute("html", "data-pr-start")
    assert page.evaluate("() => pickleReactor.start") == start
    return start


def fallback_lines(page: Any) -> list[str]:
    return [text for _, text in page.console_log if "memory snapshot" in text]


def wait_saved(page: Any) -> None:
    page.wait_for_selector("html[data-pr-snapshot=saved]", state="attached", timeout=TIMEOUT)


def interactive(page: Any) -> None:
    page.click("#inc")
    page.click("#inc")
    expect(page.locator("#count")).to_have_text("Count: 2")


def roll(page: Any) -> list[str]:
    page.click("#roll")
    expect(page.locator("#drawn")).not_to_have_text("")
    return page.inner_text("#drawn").split()


def test_first_visit_starts_fresh_and_a_worker_saves_a_snapshot(page: Any, base_url: str) -> None:
    assert load(page, base_url) == "fresh"
    interactive(page)
    wait_saved(page)
    lines = fallback_lines(page)
    assert len(lines) == 1 and "none is cached for this deploy yet" in lines[0], page.console_log
    assert [kind for kind, text in page.console_log if text in lines] == ["info"]
    assert page.console_log.errors == [] and page.console_log.warnings == []
    assert page.evaluate("() => caches.open('pickle-reactor-snapshot').then((c) => c.keys()).then((k) => k.length)") == 1


def test_second_load_restores_the_snapshot_hydrates_and_is_interactive(page: Any, base_url: str) -> None:
    assert load(page, base_url) == "snapshot"
    interactive(page)
    assert page.evaluate("() => performance.getEntriesByName('pr-python-ready')[0].detail") == "snapshot"
    assert page.get_attribute("html", "data-pr-snapshot") is None  # no Worker after a restore
    assert fallback_lines(page) == [] and page.console_log.errors == [], page.console_log


def test_entropy_differs_between_two_snapshot_loads(page: Any, base_url: str) -> None:
    assert load(page, base_url) == "snapshot"
    first = roll(page)
    assert load(page, base_url) == "snapshot"
    second = roll(page)
    assert len(first) == len(second) == 3  # random.random(), uuid.uuid4(), secrets.token_hex()
    assert all(a != b for a, b in zip(first, second)), (first, second)


def test_traceback_after_a_restore_names_the_file_and_line(page: Any, base_url: str) -> None:
    assert load(page, base_url) == "snapshot"
    with page.expect_console_message(lambda msg: msg.type == "error", timeout=TIMEOUT) as caught:
        page.click("#fail")
    text = caught.value.text
    assert re.search(r'snapshot_components\.py", line \d+, in fail', text), text
    assert 'raise ValueError("snapshot boom")' in text, text  # the source line: the files are there
    interactive(page)


@pytest.mark.parametrize(("mode", "why"), [
    ("missing", "none is cached for this deploy yet"),
    ("stale-key", "none is cached for this deploy yet"),
    ("corrupt", "the cached snapshot is corrupt (its checksum does not match)"),
    ("build-id", "the cached snapshot did not restore (Snapshot build id mismatch"),
])
def test_a_bad_snapshot_falls_back_to_a_fresh_start_with_one_console_line(page: Any, base_url: str,
                                                                           mode: str, why: str) -> None:
    if load(page, base_url) == "fresh":
        wait_saved(page)
    page.evaluate(TAMPER, mode)
    assert load(page, base_url) == "fresh"
    interactive(page)
    lines = fallback_lines(page)
    assert len(lines) == 1 and why in lines[0], page.console_log
    assert page.console_log.errors == [], page.console_log
    wait_saved(page)  # and the next load restores again
    assert load(page, base_url) == "snapshot"
    interactive(page)


def test_a_heap_bigger_than_the_initial_memory_restores(page: Any, base_url: str) -> None:
    page.evaluate(TAMPER, "missing")
    assert load(page, base_url + "/heavy") == "fresh"
    wait_saved(page)  # the Worker imported the ballast module: the snapshot holds > 30 MiB
    size = page.evaluate("() => caches.open('pickle-reactor-snapshot').then((c) => c.keys())"
                         ".then(([k]) => caches.match(k)).then((r) => r.headers.get('x-pr-length'))")
    assert int(size) > 30 * 2**20
    assert load(page, base_url + "/heavy") == "snapshot"
    expect(page.locator("#ballast")).to_have_text("16000")
    page.click("#inc")
    expect(page.locator("#count")).to_have_text("Count: 1")
    assert fallback_lines(page) == [] and page.console_log.errors == [], page.console_log
