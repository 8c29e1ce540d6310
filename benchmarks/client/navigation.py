"""Navigation benchmark: a link click to a second island page until its islands are hydrated, with
client navigation (Reactor(navigation=True)) vs a full page load, in one Chromium run. Prints a table of
medians and ratios, and the longest main-thread gap (a 10 ms timer heartbeat) during each.

    .venv/bin/python benchmarks/client/navigation.py [--repeats 9]

Pages: tests/e2e/apps/navigation_app.py (/a and /b: a persistent counter plus one island each).
- client navigation: ``performance.mark("pr-navigate")`` (set on the click) to ``"pr-navigated"`` (the
  new page's islands hydrated on the running interpreter);
- client navigation, prefetched: the same after hovering the link for 150 ms (the prefetch on intent);
- full load: a ``data-pr-reload`` link; the new document's ``"pr-hydrated"`` mark, which counts from its
  navigation start (so it includes the request, Python's start and hydration).
Each starts from a warm page in the same browser context (HTTP cache and, once made, the start-up
snapshot warm), alternating /a -> /b and /b -> /a.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))

from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tests.e2e.servers import free_port, uvicorn  # noqa: E402

HEARTBEAT = """() => {
  window.prGaps = [];
  let last = performance.now();
  window.prBeat = setInterval(() => { const now = performance.now(); window.prGaps.push([now, now - last]); last = now; }, 10);
}"""
TIMEOUT = 120_000


def median(values: list[float]) -> float:
    return statistics.median(values)


def longest_gap(page: Any, since: float, until: float) -> float:
    gaps = page.evaluate("() => window.prGaps")
    return max((gap for at, gap in gaps if since <= at <= until + 50), default=0.0)


def client_navigation(page: Any, target: str, prefetch: bool) -> tuple[float, float]:
    page.evaluate(HEARTBEAT)
    page.evaluate("() => performance.clearMarks()")
    link = page.locator(f"#to-{target}")
    if prefetch:
        link.hover()
        page.wait_for_timeout(150)
    link.click()
    page.wait_for_function("() => performance.getEntriesByName('pr-navigated').length > 0", timeout=TIMEOUT)
    start, end = page.evaluate("""() => [performance.getEntriesByName('pr-navigate')[0].startTime,
                                         performance.getEntriesByName('pr-navigated')[0].startTime]""")
    return end - start, longest_gap(page, start, end)


def full_load(page: Any, base: str, target: str) -> tuple[float, float]:
    page.goto(f"{base}/{'a' if target == 'b' else 'b'}")  # from the other page, as a link would
    page.wait_for_selector("html[data-pr-hydrated]", state="attached", timeout=TIMEOUT)
    with page.expect_event("load"):
        page.locator(f"#to-{target}-reload").click()
    page.wait_for_selector("html[data-pr-hydrated]", state="attached", timeout=TIMEOUT)
    page.wait_for_function("() => performance.getEntriesByName('pr-hydrated').length > 0", timeout=TIMEOUT)
    hydrated = page.evaluate("() => performance.getEntriesByName('pr-hydrated')[0].startTime")
    return hydrated, float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=9)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    results: dict[str, list[tuple[float, float]]] = {"client": [], "prefetched": [], "full": []}
    with uvicorn("tests.e2e.apps.navigation_app:app", free_port()) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        context = browser.new_context()
        page = context.new_page()
        page.on("console", lambda m: print(f"  [console.{m.type}] {m.text[:200]}") if m.type == "error" else None)
        page.goto(base + "/a")  # cold start, then let the snapshot Worker finish before measuring
        page.wait_for_selector("html[data-pr-hydrated]", state="attached", timeout=TIMEOUT)
        page.wait_for_timeout(8000)
        for repeat in range(args.repeats):
            target = "b" if repeat % 2 == 0 else "a"
            results["full"].append(full_load(page, base, target))
            page.goto(f"{base}/{'a' if target == 'b' else 'b'}")
            page.wait_for_selector("html[data-pr-hydrated]", state="attached", timeout=TIMEOUT)
            results["client"].append(client_navigation(page, target, prefetch=False))
            back = "a" if target == "b" else "b"
            results["prefetched"].append(client_navigation(page, back, prefetch=True))
        browser.close()

    full = median([t for t, _ in results["full"]])
    print(f"Chromium, medians of {args.repeats}, ms from the click to the new page's islands hydrated\n")
    print("| navigation | ms | vs full load | longest main-thread gap (ms) |")
    print("| --- | ---: | ---: | ---: |")
    for label, key in (("full page load (data-pr-reload)", "full"), ("client navigation", "client"),
                       ("client navigation, prefetched on hover", "prefetched")):
        times = [t for t, _ in results[key]]
        gaps = [g for _, g in results[key] if g == g]
        gap = f"{median(gaps):.0f}" if gaps else "—"
        print(f"| {label} | {median(times):.0f} | {median(times) / full:.2f}x | {gap} |")


if __name__ == "__main__":
    main()
