"""Fast Refresh end to end (Reactor(debug=True)): edit a component file while a page is open, under
``uvicorn --reload`` and Django's ``runserver`` (autoreload on). The page takes the new code without a
reload and keeps the counter's count; a change to the component's hooks remounts it; the old bundle
URL still answers after the server restarted. Each server writes its components into a fresh folder."""

from __future__ import annotations

import re
import textwrap
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from .sample_todo_flow import hydrate
from .servers import ROOT, free_port, serve

COMPONENTS = textwrap.dedent('''
    from pickle_reactor import component, use_state
    from pickle_reactor.html import button, p, span

    @component
    def Counter():
        count, set_count = use_state(0)
        return p(class_="live")[
            span(class_="label")[f"Count: {count}"],
            button(class_="inc", on_click=lambda: set_count(count + 1))["+"],
        ]
''')
REFRESHED = 30_000  # a server restart plus one poll; usually 1-3 s


def live_package(tmp_path: Path) -> Path:
    package = tmp_path / "pr_live_app"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "components.py").write_text(COMPONENTS)
    return package


@pytest.fixture(scope="module", params=["uvicorn-reload", "django-runserver"])
def server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    folder = tmp_path_factory.mktemp("live")
    package = live_package(folder)
    env = {"PYTHONPATH": f"{ROOT}:{folder}", "PICKLE_REACTOR_DEV_DIR": str(folder / "bundles")}
    port = free_port()
    if request.param == "uvicorn-reload":
        args = ["-m", "uvicorn", "tests.e2e.apps.refresh_app:app", "--host", "127.0.0.1", "--port", str(port),
                "--log-level", "warning", "--reload", "--reload-dir", str(folder)]
    else:
        env["DJANGO_SETTINGS_MODULE"] = "tests.e2e.apps.refresh_django.settings"
        args = ["-m", "django", "runserver", f"127.0.0.1:{port}"]
    with serve(args, port, env=env) as base:
        yield base, package


# Chromium logs "Failed to load resource: net::ERR_..." (refused, reset, empty response) for a fetch
# that hits the server while it restarts; dev.mjs tries again at its next poll.
NETWORK_LINE = "Failed to load resource: net::"
DEV_LOOP = re.compile(r"/dev/bundle$|/bundle-[0-9a-f]+\.zip$")


def watch_failures(page: Any) -> list[str]:
    """The URLs of the page's requests that fail from now on."""
    failed: list[str] = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    return failed


def errors(page: Any, failed: list[str]) -> list[str]:
    """Console errors, less Chromium's network lines when every request that failed was the dev
    loop's own (its poll, or the new bundle it fetched) against the restarting server."""
    strays = [url for url in failed if not DEV_LOOP.search(url.split("?")[0])]
    assert not strays, f"requests other than the dev loop's failed: {strays}"
    return [e for e in page.console_log.errors if not e.startswith(NETWORK_LINE)]


def edit(package: Path, old: str, new: str) -> float:
    path = package / "components.py"
    text = path.read_text()
    assert old in text
    time.sleep(1.1)  # a different mtime second for stat-based reloaders
    partial = path.with_suffix(".tmp")
    partial.write_text(text.replace(old, new))
    partial.replace(path)  # one atomic save, as editors do: a reloader never imports half a file
    return time.monotonic()


def test_an_edit_reaches_the_open_page_and_keeps_state(page: Any, server: tuple[str, Path]) -> None:
    base, package = server
    failed = watch_failures(page)
    hydrate(page, base + "/")
    bundle = re.search(r'data-pr-bundle="([^"]+)"', page.content()).group(1)
    live = page.locator(".live")
    live.locator(".inc").click()
    live.locator(".inc").click()
    expect(live.locator(".label")).to_have_text("Count: 2")
    page.evaluate("() => { window.prMarker = 'kept'; }")

    started = edit(package, '"Count: {count}"', '"Clicks: {count}"')
    expect(live.locator(".label")).to_have_text("Clicks: 2", timeout=REFRESHED)  # new code, same state
    print(f"edit -> updated page: {time.monotonic() - started:.2f} s")
    live.locator(".inc").click()
    expect(live.locator(".label")).to_have_text("Clicks: 3")
    assert page.evaluate("() => window.prMarker") == "kept"  # no reload

    with urllib.request.urlopen(base + bundle, timeout=30) as response:  # the old process's bundle
        assert response.status == 200 and response.read()[:2] == b"PK"

    edit(package, "    count, set_count = use_state(0)\n",
         "    count, set_count = use_state(0)\n    _, _ = use_state('extra')\n")
    expect(live.locator(".label")).to_have_text("Clicks: 0", timeout=REFRESHED)  # hooks changed: remounted
    assert page.evaluate("() => window.prMarker") == "kept"
    assert errors(page, failed) == []

    # A render error shows the overlay with the traceback; the island keeps its last good DOM; the fix
    # closes the overlay.
    edit(package, "    return p(", "    raise RuntimeError('broken on purpose')\n    return p(")
    overlay = page.locator("pr-error-overlay")
    expect(overlay).to_contain_text("broken on purpose", timeout=REFRESHED)
    expect(overlay).to_contain_text("components.py")
    expect(live.locator(".label")).to_have_text("Clicks: 0")
    edit(package, "    raise RuntimeError('broken on purpose')\n", "")
    expect(overlay).to_have_count(0, timeout=REFRESHED)
    live.locator(".inc").click()
    expect(live.locator(".label")).to_have_text("Clicks: 1")
    left = errors(page, failed)
    assert left and all("broken on purpose" in error for error in left), left
