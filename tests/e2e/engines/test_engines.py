"""The cross-engine tier: the sample projects' critical flows in Chromium, Firefox ESR and WebKitGTK,
each under the strict default CSP, with no console errors; and no file downloaded twice.

One server per sample per module, one browser per engine (``conftest.engine``); the tests that need a
cold cache (early input, request counts) start their own browser session.
"""

from __future__ import annotations

import collections
import functools
import os
import subprocess
import sys
import warnings
from collections.abc import Callable, Iterator
from types import SimpleNamespace
from typing import Any

import pytest

from ..sample_todo_flow import assert_strict_csp, get
from ..servers import ROOT, free_port, uvicorn
from .drivers import Driver, wait_hydrated
from .flows import (
    exercise_app,
    exercise_navigation,
    harness,
    replay_early_input,
    unexpected_errors,
)

DJANGO = ROOT / "sample_projects" / "django_todo"
# What a cold page load with islands fetches; each exactly once (WebKit fetched the last four twice).
FETCHED_ONCE = ("pyodide.mjs", "pyodide.asm.mjs", "bundle-", "pyodide.asm.wasm", "python_stdlib.zip",
                "pyodide-lock.json")


@pytest.fixture(scope="module")
def starlette(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = tmp_path_factory.mktemp("engines-starlette") / "todos.sqlite3"
    with uvicorn("tests.e2e.engines.apps:starlette", free_port(), env={"TODO_DB": str(db)}) as base:
        yield base


@pytest.fixture(scope="module")
def django(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    env = {"TODO_DB": str(tmp_path_factory.mktemp("engines-django") / "db.sqlite3"), "PYTHONPATH": str(ROOT)}
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput"], cwd=DJANGO, check=True,
                   env={**os.environ, **env}, capture_output=True)
    with uvicorn("tests.e2e.engines.apps:django", free_port(), cwd=DJANGO, env=env) as base:
        yield base


def once_more_if_the_browser_died(test: Callable[..., None]) -> Callable[..., None]:
    """Run a test on the shared session again, once, in a new session, when its browser died under it
    (WebKitGTK's MiniBrowser did, once in nine runs of this tier, loading a page with the whole suite
    running on two cores). A warning says so; a second death, or any other failure, fails the test."""

    @functools.wraps(test)
    def run(*args: Any, engine: Any, **kwargs: Any) -> None:
        try:
            test(*args, engine=engine, **kwargs)
            return
        except Exception:
            if not engine.died():
                raise
        warnings.warn(f"{engine.name}'s browser session died during {test.__name__}: relaunched, run once more",
                      stacklevel=1)
        engine.relaunch()
        test(*args, engine=engine, **kwargs)

    return run


def test_both_samples_are_served_under_the_strict_default_csp(starlette: str, django: str) -> None:
    for base in (starlette, django):
        _, headers, body = get(base + "/")
        assert_strict_csp(SimpleNamespace(headers={k.lower(): v for k, v in headers.items()}))
        assert b"<pr-island" in body


@once_more_if_the_browser_died
def test_the_engine_enforces_the_strict_csp(engine: Any, starlette: str) -> None:
    """An inline script is refused, and reported, on the hydrated page: the policy is really in force.
    Trusted Types refuses the plain string as a script's text (a TypeError and a violation); where an
    engine lets the assignment through, script-src refuses to run it."""
    driver: Driver = engine.shared
    driver.reset(starlette)
    driver.goto(starlette + "/")
    wait_hydrated(driver)
    outcome = driver.js("(() => { const s = document.createElement('script');"
                        " try { s.textContent = 'window.prInline = 1'; } catch (e) { return e.name; }"
                        " document.body.append(s); return 'appended'; })()")
    assert outcome in ("TypeError", "appended"), outcome
    assert driver.js("window.prInline ?? null") is None
    errors = driver.console_errors()
    assert errors and all("script" in e.lower() or "trusted-types" in e.lower() for e in errors), errors


@once_more_if_the_browser_died
def test_starlette_sample_flows(engine: Any, starlette: str) -> None:
    engine.shared.reset(starlette)
    exercise_app(engine.shared, starlette, f"Water the plants in {engine.name}{engine.again}")


@once_more_if_the_browser_died
def test_starlette_client_navigation(engine: Any, starlette: str) -> None:
    engine.shared.reset(starlette)
    exercise_navigation(engine.shared, starlette, "/more", f"Fetched client-side in {engine.name}{engine.again}")


@once_more_if_the_browser_died
def test_django_sample_flows_with_its_csrf_token(engine: Any, django: str) -> None:
    engine.shared.reset(django)
    exercise_app(engine.shared, django, f"Renew the passport in {engine.name}{engine.again}")


@once_more_if_the_browser_died
def test_django_client_navigation(engine: Any, django: str) -> None:
    engine.shared.reset(django)
    exercise_navigation(engine.shared, django, "/more/", f"Fetched client-side in {engine.name}{engine.again}")


def test_early_input_is_replayed_after_hydration(engine: Any, starlette: str) -> None:
    with engine.fresh() as cold:
        replay_early_input(cold, starlette, f"Typed early in {engine.name}")


def test_a_cold_page_load_fetches_each_file_once(engine: Any, starlette: str) -> None:
    """Counted twice: by the page's Resource Timing and by the server. Only the snapshot Worker, started
    after hydration, may fetch the Pyodide files again (from the HTTP cache where the engine has one)."""
    with engine.fresh() as cold:
        requests_before = len(harness(starlette, "requests"))  # type: ignore[arg-type]  # earlier tests' requests
        cold.goto(starlette + "/")
        wait_hydrated(cold)
        # A fetch served from its preload is an entry too in Firefox, with nothing transferred (the
        # integrity-checked fetch() reads the preloaded bytes): only entries that moved bytes count.
        timed = cold.js("performance.getEntriesByType('resource')"
                        ".filter((e) => e.transferSize !== 0).map((e) => e.name)")
        served = harness(starlette, "requests")[requests_before:]  # type: ignore[index]
        assert unexpected_errors(cold) == [], cold.console_errors()
    by_url = collections.Counter(url.split("?")[0] for url in timed)
    twice = {url: n for url, n in by_url.items() if n > 1}
    assert twice == {}, f"{engine.name} fetched these more than once (Resource Timing): {twice}"
    by_path = collections.Counter(path for method, path, who in served if who == "page" and method == "GET")
    twice = {path: n for path, n in by_path.items() if n > 1}
    assert twice == {}, f"{engine.name} asked the server more than once for: {twice}"
    for name in FETCHED_ONCE:
        assert sum(1 for url in by_url if name in url.rsplit("/", 1)[-1]) == 1, (name, sorted(by_url))
