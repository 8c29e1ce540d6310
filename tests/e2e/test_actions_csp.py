"""A component calls a server action in Chromium while the page's own nonce + 'strict-dynamic' CSP is
enforced: the middleware reused the nonce, the call works, and no policy violation is reported."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from .servers import free_port, uvicorn

TIMEOUT = 90_000  # Pyodide alone starts in ~2 s; this machine is shared


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with uvicorn("tests.e2e.apps.actions_csp_app:app", free_port()) as base:
        yield base


def test_action_under_the_pages_enforced_csp(page: Any, base_url: str) -> None:
    response = page.goto(base_url)
    policy = response.headers["content-security-policy"]
    nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
    assert "'strict-dynamic' 'self' 'wasm-unsafe-eval'" in policy
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy.replace("'wasm-unsafe-eval'", "")
    assert f'nonce="{nonce}"' in response.text()  # our tags carry the page's nonce
    page.wait_for_selector("html[data-pr-hydrated]", state="attached", timeout=TIMEOUT)

    out = page.locator("#out")
    expect(out).to_have_text("result None")
    page.locator("#go").click()
    expect(out).to_have_text("result 42", timeout=TIMEOUT)
    page.locator("#bad").click()
    expect(out).to_have_text("error 422 #/n", timeout=TIMEOUT)

    errors = page.console_log.errors
    assert not [e for e in errors if "Content Security Policy" in e or "Refused to" in e], errors
    # the only console error allowed is the browser's own note about the deliberate 422
    assert all("422" in e for e in errors), errors
