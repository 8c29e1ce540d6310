"""VirtualList benchmark: scroll a 100,000-row list in Chromium and time the frames.

The page is the Chromium test's (``tests/e2e/apps/virtual_list_app.py``): one island, a
``VirtualList`` of 100,000 keyed rows, 32 px each, in a 400 px viewport. Each case moves the list's
``scrollTop`` once per animation frame for ``--frames`` frames; the browser fires ``scroll``, Python
renders the new window, the kernel patches the DOM, all before the next frame. From the
``requestAnimationFrame`` timestamps: the median, p95 and longest gap between frames (16.7 ms at
60 Hz is a frame on time), and the blank frames: frames whose first row in view was not in the DOM.
``idle`` runs the same frame loop without scrolling, in the same page: the machine's floor.

    .venv/bin/python benchmarks/client/virtual_list.py [--frames 300]
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
ROW = 32
# mode: "idle" (no scroll), a step in px per frame, or "jump" (a random position every frame)
SCROLL = """async ({ mode, frames, seed }) => {
  const list = document.querySelector("[data-pr-virtual-list]");
  const max = list.scrollHeight - list.clientHeight;
  let random = seed;
  const next = () => (random = (random * 16807) % 2147483647) / 2147483647;
  const gaps = []; let blank = 0; let last = null; let i = 0;
  list.scrollTop = 0;
  await new Promise((resolve) => {
    function frame(t) {
      if (last !== null) gaps.push(t - last);
      last = t;
      if (i > 0 && mode !== "idle") {
        const first = Math.floor(list.scrollTop / ROW_PX);
        if (list.querySelector(`[data-pr-index="${first}"]`) === null) blank++;
      }
      if (i++ >= frames) { resolve(); return; }
      if (mode === "jump") list.scrollTop = Math.floor(next() * max);
      else if (mode !== "idle") list.scrollTop = Math.min(max, list.scrollTop + mode);
      requestAnimationFrame(frame);
    }
    requestAnimationFrame(frame);
  });
  return { gaps, blank, top: list.scrollTop };
}""".replace("ROW_PX", str(ROW))
CASES = [("idle (no scroll)", "idle"), ("1 row per frame", ROW), ("1 page per frame (400 px)", 400),
         ("10 pages per frame", 4000), ("random jump every frame", "jump")]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def run_case(page: Any, mode: Any, frames: int) -> dict[str, Any]:
    result = page.evaluate(SCROLL, {"mode": mode, "frames": frames, "seed": 12345})
    gaps = result["gaps"]
    return {"median": statistics.median(gaps), "p95": percentile(gaps, 95), "max": max(gaps),
            "blank": result["blank"], "frames": len(gaps)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--frames", type=int, default=300, help="frames per case")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with uvicorn("tests.e2e.apps.virtual_list_app:app", free_port()) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        context = browser.new_context(bypass_csp=True)  # evaluate() drives the page under the strict CSP
        page = context.new_page()
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto(base)
        page.wait_for_selector("html[data-pr-hydrated]", state="attached", timeout=TIMEOUT)
        run_case(page, ROW, 60)  # warm-up: first renders, caches
        rows = [(name, run_case(page, mode, args.frames)) for name, mode in CASES]
        in_dom = page.locator("[data-pr-virtual-list] [role=listitem]").count()
        browser.close()
    if errors:
        raise SystemExit(f"console errors during the run: {errors[:3]}")
    print(f"Chromium, 100,000 rows of {ROW} px in a 400 px list, {args.frames} frames per case; "
          "gaps between requestAnimationFrame timestamps\n")
    print("| case | median frame | p95 frame | longest frame | blank frames |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name, r in rows:
        blank = "—" if name.startswith("idle") else f"{r['blank']} / {r['frames']}"
        print(f"| {name} | {r['median']:.1f} ms | {r['p95']:.1f} ms | {r['max']:.1f} ms | {blank} |")
    print(f"\nRows in the DOM after the run: {in_dom} (of 100,000).")


if __name__ == "__main__":
    main()
