"""Start-up benchmark: navigation -> hydrated with and without a Pyodide memory snapshot, cold and warm,
against a page that only runs bare loadPyodide(), all in one Chromium run; the longest main-thread gap
(a 10 ms heartbeat from navigation to hydrated) of each start, and bytes on a first visit.

    .venv/bin/python benchmarks/client/startup.py [--loads 5]

Per round, for each of a bare page and the pickle-reactor page, a new browser context (empty HTTP
cache, empty Cache API):
- bare: cold load, then warm load.
- pickle: (1) first visit = cold, no snapshot; wait for the Worker to save the snapshot; (2) warm
  with snapshot; (3) HTTP cache cleared (CDP), snapshot kept = cold with snapshot; (4) Cache API
  cleared = warm without snapshot (today's warm start).
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

from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.e2e.servers import free_port, uvicorn

TIMEOUT = 120_000
READY = {"pickle": "html[data-pr-hydrated]", "bare": "html[data-ready]"}
MARK = {"pickle": "pr-hydrated", "bare": "pyodide-ready"}
# Longest gap between 10 ms ticks from the document's start until the page is ready (a longtask
# observer misses Pyodide's start in headless Chromium; a heartbeat does not).
HEARTBEAT = """(() => {
  let last = performance.now(), max = 0, at = 0;
  const id = setInterval(() => {
    const now = performance.now();
    if (now - last > max) { max = now - last; at = last; }
    last = now;
    const html = document.documentElement;
    if (html.hasAttribute("data-pr-hydrated") || html.hasAttribute("data-ready")) {
      clearInterval(id);
      window.__heartbeat = { max, at };
    }
  }, 10);
})();"""
CASES = [("bare", "cold"), ("bare", "warm"), ("fresh", "cold"), ("fresh", "warm"), ("snapshot", "cold"),
         ("snapshot", "warm")]


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def table(headers: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
    line = lambda cells: "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths)) + " |"
    return "\n".join([line(headers), "| " + " | ".join("-" * w for w in widths) + " |", *map(line, rows)])


def measure(page: Any, url: str, kind: str, expect_start: str | None = None) -> tuple[float, float]:
    """One navigation: (ms from navigation to ready, longest heartbeat gap in ms)."""
    page.goto(url)
    page.wait_for_selector(READY[kind], state="attached", timeout=TIMEOUT)
    page.wait_for_function("() => window.__heartbeat !== undefined", timeout=TIMEOUT)
    if expect_start is not None:
        start = page.get_attribute("html", "data-pr-start")
        assert start == expect_start, f"expected a {expect_start} start, got {start}"
    ready = page.evaluate("m => performance.getEntriesByName(m)[0].startTime", MARK[kind])
    gap = page.evaluate("() => window.__heartbeat.max")
    return float(ready), float(gap)


def new_page(browser: Any, sizes: dict[str, int] | None = None) -> tuple[Any, Any]:
    context = browser.new_context(bypass_csp=True, extra_http_headers={"Accept-Encoding": "br, gzip"})
    context.add_init_script(HEARTBEAT)
    page = context.new_page()
    page.on("console", lambda m: print(f"  [console.{m.type}] {m.text[:200]}") if m.type == "error" else None)
    if sizes is not None:
        # The first response per URL: the Worker's later requests are answered by the HTTP cache.
        page.on("requestfinished", lambda req: sizes.setdefault(req.url, max(0, req.sizes()["responseBodySize"])))
    return context, page


def run(browser: Any, base: str, loads: int) -> tuple[dict[tuple[str, str], list[tuple[float, float]]], dict[str, list[int]], list[float]]:
    results: dict[tuple[str, str], list[tuple[float, float]]] = {case: [] for case in CASES}
    first_visit: dict[str, list[int]] = {"bare": [], "pickle": []}
    worker: list[float] = []
    for round_ in range(loads):
        sizes: dict[str, int] = {}
        context, page = new_page(browser, sizes)
        results["bare", "cold"].append(measure(page, f"{base}/bare", "bare"))
        first_visit["bare"].append(sum(sizes.values()))
        page.goto("about:blank")
        results["bare", "warm"].append(measure(page, f"{base}/bare", "bare"))
        context.close()

        sizes = {}
        context, page = new_page(browser, sizes)
        results["fresh", "cold"].append(measure(page, f"{base}/pickle", "pickle", "fresh"))
        hydrated = page.evaluate("() => performance.now()")
        page.wait_for_selector("html[data-pr-snapshot=saved]", state="attached", timeout=TIMEOUT)
        worker.append(page.evaluate("() => performance.now()") - hydrated)
        page.wait_for_timeout(300)
        first_visit["pickle"].append(sum(sizes.values()))
        page.goto("about:blank")
        results["snapshot", "warm"].append(measure(page, f"{base}/pickle", "pickle", "snapshot"))
        page.goto("about:blank")
        context.new_cdp_session(page).send("Network.clearBrowserCache")
        results["snapshot", "cold"].append(measure(page, f"{base}/pickle", "pickle", "snapshot"))
        page.evaluate("() => caches.delete('pickle-reactor-snapshot')")
        page.goto("about:blank")
        results["fresh", "warm"].append(measure(page, f"{base}/pickle", "pickle", "fresh"))
        page.goto("about:blank")
        context.close()
        print(f"  round {round_ + 1}: " + ", ".join(f"{k}/{s} {results[k, s][-1][0]:.0f} ms" for k, s in CASES))
    return results, first_visit, worker


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loads", type=int, default=5)
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    env = {"PYTHONPATH": f"{ROOT}:{HERE}"}
    with uvicorn("benchmarks.client.app:app", free_port(), env=env) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        print(f"Chromium {browser.version}; medians of {args.loads} rounds\n")
        results, first_visit, worker = run(browser, base, args.loads)
        browser.close()

    names = {"bare": "bare loadPyodide()", "fresh": "pickle-reactor, no snapshot",
             "snapshot": "pickle-reactor, snapshot"}
    rows = []
    for kind, state in CASES:
        ready = median([r for r, _ in results[kind, state]])
        gap = median([g for _, g in results[kind, state]])
        bare = median([r for r, _ in results["bare", state]])
        rows.append([names[kind], state, f"{ready:.0f}", f"{ready / bare:.2f}x", f"{gap:.0f}",
                     f"{max(g for _, g in results[kind, state]):.0f}"])
    print(f"\n### Start-up with a memory snapshot (ms from navigation, medians of {args.loads} rounds)\n")
    print(table(["page", "cache", "navigation -> ready", "vs bare (same cache)", "longest gap (median)",
                 "longest gap (max)"], rows))
    warm = median([r for r, _ in results["snapshot", "warm"]]) / median([r for r, _ in results["bare", "warm"]])
    warm_gap = median([g for _, g in results["snapshot", "warm"]])
    first = median([r for r, _ in results["fresh", "cold"]]) / median([r for r, _ in results["bare", "cold"]])
    print(f"\nfirst visit (pickle, cold, no snapshot): {median(first_visit['pickle']) / 2**20:.2f} MB over the "
          f"wire vs {median(first_visit['bare']) / 2**20:.2f} MB for bare Pyodide; {first:.2f}x bare cold")
    print(f"snapshot Worker, hydrated -> saved: {median(worker):.0f} ms (median), off the main thread")
    print(f"targets: warm start <= 0.3x bare -> {'met' if warm <= 0.3 else 'MISSED'} ({warm:.2f}x); "
          f"longest gap on a warm start <= 200 ms -> {'met' if warm_gap <= 200 else 'MISSED'} ({warm_gap:.0f} ms)")


if __name__ == "__main__":
    main()
