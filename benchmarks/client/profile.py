"""Where the time of each js-framework-benchmark operation goes, in Chromium, for pickle-reactor and Preact.

    .venv/bin/python benchmarks/client/profile.py [--repeats 5]

The same server, pages and operations as ``run.py``. For every timed click (click -> its microtasks -> forced
layout, in one task, as ``run.py``) it also reads Chromium's own accounting over CDP (``Performance.getMetrics``:
script, style recalculation and layout durations) and, on the pickle-reactor page, Python timers
installed in the page around the work of one event: component renders (the user's functions and their
hooks), the reconciler's diff/mount (the rest of the update), the JSON encoding of the op buffer and the
kernel's ``apply`` (``JSON.parse`` + the DOM calls). Medians per column; the columns are medians of
their own, so they need not add up exactly.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.client.run import (
    OPERATIONS,
    bench_browser,
    click,
    median,
    open_page,
    table,
)

# Installed once in the page: wraps the reconciler's entry points with perf_counter timers (ms).
TIMERS = """
import time
from pickle_reactor.browser import dom
from pickle_reactor.browser.client import _state
from pickle_reactor.core.reconciler import diff, root

T = {"event": 0.0, "update": 0.0, "render": 0.0, "encode": 0.0, "apply": 0.0, "gc": 0.0}
clock = time.perf_counter
gc_start = [0.0]

def on_gc(phase, info):  # the cyclic collector's own time, wherever it interrupts
    if phase == "start":
        gc_start[0] = clock()
    else:
        T["gc"] += (clock() - gc_start[0]) * 1000

import gc
gc.callbacks.append(on_gc)

def timed(name, fn):
    def wrapper(*args):
        t0 = clock()
        try:
            return fn(*args)
        finally:
            T[name] += (clock() - t0) * 1000
    return wrapper

diff.render = timed("render", diff.render)
root.Runtime._update = timed("update", root.Runtime._update)
root.Runtime.dispatch = timed("event", root.Runtime.dispatch)
dom._encode = timed("encode", dom._encode)
backend = _state["backend"]
backend._apply = timed("apply", backend._apply)
import builtins
builtins.__pr_timers__ = T
"""
READ = "import builtins, json; T = builtins.__pr_timers__; out = json.dumps(T); T.update(dict.fromkeys(T, 0.0)); out"
METRICS = ("ScriptDuration", "RecalcStyleDuration", "LayoutDuration", "TaskDuration")


def metrics(cdp: Any) -> dict[str, float]:
    got = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    return {name: got.get(name, 0.0) * 1000 for name in METRICS}


def profile(browser: Any, base: str, repeats: int, python: str = "",
            only: str = "") -> dict[str, dict[str, dict[str, list[float]]]]:
    pages = {fw: open_page(browser, f"{base}/{fw}", fw) for fw in ("pickle", "preact")}
    cdps = {}
    for fw, (context, page) in pages.items():
        cdps[fw] = context.new_cdp_session(page)
        cdps[fw].send("Performance.enable", {"timeDomain": "threadTicks"})
    pages["pickle"][1].evaluate("c => pickleReactor.pyodide.runPython(c)", TIMERS + python)
    out: dict[str, dict[str, dict[str, list[float]]]] = {}
    for name, setup, action in OPERATIONS:
        if only and not name.startswith(tuple(only.split(","))):
            continue
        out[name] = {fw: {} for fw in pages}
        for repeat in range(repeats + 1):
            for fw, (_, page) in pages.items():
                click(page, "#clear")
                for step in setup:
                    click(page, step)
                if fw == "pickle":
                    page.evaluate("c => pickleReactor.pyodide.runPython(c)", READ)
                before = metrics(cdps[fw])
                total = click(page, action)
                after = metrics(cdps[fw])
                row = {"total": total, **{k: after[k] - before[k] for k in METRICS}}
                if fw == "pickle":
                    row.update(json.loads(page.evaluate("c => pickleReactor.pyodide.runPython(c)", READ)))
                if repeat:
                    for key, value in row.items():
                        out[name][fw].setdefault(key, []).append(value)
        print(f"  {name}: done", flush=True)
    for context, _ in pages.values():
        context.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--python", default="", help="Python to run in the page first (an experiment)")
    parser.add_argument("--only", default="", help="operations whose name starts with one of these (comma-separated)")
    args = parser.parse_args()
    with bench_browser() as (browser, base):
        result = profile(browser, base, args.repeats, args.python, args.only)
    rows = []
    for name, by_fw in result.items():
        p, q = ({k: median(v) for k, v in by_fw[fw].items()} for fw in ("pickle", "preact"))
        diff_ms = p["update"] - p["render"]  # GC pauses fall in whichever phase they interrupt
        rows.append([name, f"{p['total']:.1f}", f"{p['event']:.1f}", f"{p['render']:.1f}", f"{diff_ms:.1f}",
                     f"{p['encode']:.1f}", f"{p['apply']:.1f}", f"{p['gc']:.1f}", f"{p['ScriptDuration']:.1f}",
                     f"{p['RecalcStyleDuration'] + p['LayoutDuration']:.1f}",
                     f"{q['total']:.1f}", f"{q['ScriptDuration']:.1f}",
                     f"{q['RecalcStyleDuration'] + q['LayoutDuration']:.1f}"])
    print(f"\nmedians of {args.repeats} (ms)\n")
    print(table(["operation", "pr total", "pr Python event", "render", "diff+mount", "JSON encode",
                 "JS apply", "of which GC", "pr script (CDP)", "pr style+layout (CDP)", "Preact total", "Preact script (CDP)",
                 "Preact style+layout (CDP)"], rows))


if __name__ == "__main__":
    main()
