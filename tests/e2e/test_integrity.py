"""Subresource Integrity and Trusted Types in Chromium, under the strict default policy.

Each file pickle-reactor loads is served tampered (one byte flipped, through a Playwright route) and the
page must fail closed: a console line naming the file, the server HTML still there and usable, every
island marked ``data-pr-error``, ``pickleReactor.ready`` rejected, nothing hanging. Pyodide from a CDN
(fulfilled by the test from the local copy, with CORS) is checked against the pinned digests.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from pickle_reactor.server.pyodide_dist import default_pyodide_dir

from .sample_todo_flow import HYDRATED, TIMEOUT, hydrate
from .servers import free_port, uvicorn

APP = "tests.e2e.apps.hardening_app:app"
CDN = "https://cdn.pr-test.invalid/pyodide/v314.0.7/full/"
TYPES = {".mjs": "text/javascript", ".wasm": "application/wasm", ".zip": "application/zip", ".json": "application/json"}
READY = "() => pickleReactor.ready.then(() => 'resolved', (err) => err.message)"


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with uvicorn(APP, free_port()) as base:
        yield base


@pytest.fixture(scope="module")
def cdn_url() -> Iterator[str]:
    with uvicorn(APP, free_port(), env={"PR_PYODIDE": CDN}) as base:
        yield base


def flipped(body: bytes) -> bytes:
    data = bytearray(body)
    data[len(data) // 2] ^= 1
    return bytes(data)


def tamper(page: Any, pattern: str) -> list[str]:
    """Serve every response whose URL matches ``pattern`` with one byte changed; the URLs it did that to."""
    hits: list[str] = []

    def handle(route: Any) -> None:
        hits.append(route.request.url)
        try:
            response = route.fetch()
            headers = {k: v for k, v in response.headers.items()
                       if k.lower() not in ("content-encoding", "content-length", "etag")}
            route.fulfill(status=response.status, headers=headers, body=flipped(response.body()))
        except PlaywrightError:
            pass  # the test ended while a late fetch (the worker's, a re-check) was still being served

    page.route(re.compile(pattern), handle)
    return hits


def serve_cdn(page: Any, change: str | None = None) -> None:
    """Answer the CDN's URLs from the local Pyodide copy (CORS as jsDelivr sends it); ``change``: the file
    to serve with a byte flipped."""
    directory = default_pyodide_dir()

    def handle(route: Any) -> None:
        name = route.request.url.removeprefix(CDN)
        path = directory / name
        if "/" in name or not path.is_file():
            route.fulfill(status=404, body="not found")
            return
        body = path.read_bytes()
        route.fulfill(status=200, body=flipped(body) if name == change else body,
                      headers={"content-type": TYPES[Path(name).suffix], "access-control-allow-origin": "*"})

    page.route(CDN + "**", handle)


def assert_failed_closed(page: Any, url: str, name: str) -> None:
    """No hydration, the islands marked failed, `ready` rejected naming the file, the server HTML usable."""
    islands = page.locator("pr-island")
    expect(islands).to_have_count(2)
    expect(page.locator("pr-island[data-pr-error]")).to_have_count(2, timeout=TIMEOUT)
    message = page.evaluate(READY)
    assert name in message and "Subresource Integrity" in message, message
    assert "its bytes hash to sha384-" in message, message  # tampered, not merely missing
    lines = [text for text in page.console_log.errors if name in text and "Subresource Integrity" in text]
    assert lines, page.console_log
    assert page.locator(HYDRATED).count() == 0
    expect(page.locator("#markup b.shape")).to_have_text("bold")  # the server HTML stays as it was
    page.click("#plain")  # and works as plain HTML
    expect(page.locator("#other")).to_have_text("another page")


@pytest.mark.parametrize(("name", "pattern"), [
    ("bundle-", r"/_reactor/bundle-[0-9a-f]+\.zip$"),
    ("pyodide.mjs", r"/pyodide/pyodide\.mjs$"),
    ("pyodide.asm.mjs", r"/pyodide/pyodide\.asm\.mjs$"),
    ("pyodide.asm.wasm", r"/pyodide/pyodide\.asm\.wasm$"),
    ("python_stdlib.zip", r"/pyodide/python_stdlib\.zip$"),
    ("pyodide-lock.json", r"/pyodide/pyodide-lock\.json$"),
])
def test_a_tampered_file_fails_closed_and_names_itself(page: Any, base_url: str, name: str, pattern: str) -> None:
    hits = tamper(page, pattern)
    page.goto(base_url + "/")
    assert_failed_closed(page, base_url, name)
    assert hits, f"nothing fetched {pattern}"


def test_a_tampered_boot_module_never_runs(page: Any, base_url: str) -> None:
    hits = tamper(page, r"/_reactor/boot-[0-9a-f]+\.mjs$")
    page.goto(base_url + "/")
    expect(page.locator("#markup b.shape")).to_have_text("bold")
    page.wait_for_timeout(1500)  # long enough for the module to have run, had it been admitted
    assert page.evaluate("() => typeof window.pickleReactor") == "undefined"
    assert page.locator(HYDRATED).count() == 0 and hits
    blocked = [text for text in page.console_log.errors if "integrity" in text and hits[0] in text]
    assert blocked, page.console_log  # Chromium's own line names the URL and the digest it computed
    page.click("#plain")
    expect(page.locator("#other")).to_have_text("another page")


def test_a_tampered_snapshot_worker_makes_no_snapshot(page: Any, base_url: str) -> None:
    hits = tamper(page, r"/_reactor/boot-[0-9a-f]+\.worker\.mjs$")
    hydrate(page, base_url + "/")
    page.wait_for_selector("html[data-pr-snapshot=failed]", state="attached", timeout=TIMEOUT)
    lines = [text for _, text in page.console_log if "no memory snapshot was made" in text]
    assert hits and len(lines) == 1 and "worker.mjs failed its Subresource Integrity check" in lines[0], lines
    page.click("#swap")  # the page goes on working
    expect(page.locator("#markup i.shape")).to_have_text("italic")


def test_markup_swaps_through_the_trusted_types_policy(page: Any, base_url: str) -> None:
    response = hydrate(page, base_url + "/")
    policy = response.headers["content-security-policy"]
    assert "require-trusted-types-for 'script'" in policy and "trusted-types pickle-reactor" in policy, policy
    page.click("#swap")
    expect(page.locator("#markup i.shape")).to_have_text("italic")
    page.click("#swap")
    expect(page.locator("#markup b.shape")).to_have_text("bold")
    assert page.console_log.errors == [], page.console_log


def test_trusted_types_are_enforced_and_a_violation_is_caught(page: Any, base_url: str) -> None:
    hydrate(page, base_url + "/")
    outcome = page.evaluate("""() => {
        try { document.getElementById("title").innerHTML = "<u>raw</u>"; return "assigned"; }
        catch (err) { return err.name; }
    }""")
    assert outcome == "TypeError"
    expect(page.locator("#title")).to_have_text("Server HTML")
    page.wait_for_timeout(200)  # the violation event is dispatched in a task
    assert len(page.violations) == 1 and "require-trusted-types-for" in page.violations[0], page.violations
    page.violations.clear()  # expected here: the fixture fails any other test that reports one


def test_pyodide_from_a_cdn_is_checked_against_the_pinned_digests(page: Any, cdn_url: str) -> None:
    serve_cdn(page)
    response = hydrate(page, cdn_url + "/")
    assert "https://cdn.pr-test.invalid" in response.headers["content-security-policy"]
    page.click("#swap")
    expect(page.locator("#markup i.shape")).to_have_text("italic")
    assert page.console_log.errors == [], page.console_log


@pytest.mark.parametrize("name", ["pyodide.asm.wasm", "pyodide.mjs"])
def test_a_tampered_cdn_file_fails_closed(page: Any, cdn_url: str, name: str) -> None:
    serve_cdn(page, change=name)
    page.goto(cdn_url + "/")
    assert_failed_closed(page, cdn_url, name)
