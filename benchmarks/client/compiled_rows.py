"""Compiled rows against uncompiled ones and against their floor, in Chromium's Pyodide.

    .venv/bin/python benchmarks/client/compiled_rows.py [--repeats 9]

Creating 1,000 rows in the hooks app (``bench_components.Bench``) is timed on the benchmark page,
alternately with compiled rows (``core/reconciler/blocks.py``) and without (``blocks.ENABLED`` set
False in the page), with Python timers around the whole event, the ``Row`` renders and the template
mounts (checking each row's tree against its template, one fiber per node, the CLONE and SET ops).

``EMULATED`` below is the floor a compiled row could reach: the same work written out by hand for
this ``Row`` (one call for the five holes, one clone and the SETs that differ, one fiber per row;
its ops JSON-encoded too), with no checks, run in the same Pyodide with the same 1,000 labels. It was
measured before the compiler existed, to decide whether to build it; it is not framework code.
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

from benchmarks.client.run import bench_browser, click, median, open_page, table

# Installed in the page: timers (ms) around one event, the Row bodies and the template mounts.
TIMERS = """
import time
from pickle_reactor.core.reconciler import diff, root, templates

T = {"event": 0.0, "rows": 0.0, "mount": 0.0}
clock = time.perf_counter
def timed(name, fn, only=None):
    def wrapper(*args):
        if only is not None and not only(*args):
            return fn(*args)
        t0 = clock()
        try:
            return fn(*args)
        finally:
            T[name] += (clock() - t0) * 1000
    return wrapper

diff.render = timed("rows", diff.render, only=lambda c, fiber: fiber.name == "Row")
templates.Templates.mount = timed("mount", templates.Templates.mount)
root.Runtime.dispatch = timed("event", root.Runtime.dispatch)
import builtins
builtins.__pr_rows__ = T
"""
READ = "import builtins, json; T = builtins.__pr_rows__; out = json.dumps(T); T.update(dict.fromkeys(T, 0.0)); out"

# The compiled Row, written out by hand: one call for the holes, one template clone per row.
EMULATED = """
import json, time
from labels import Labels

CLONE, SET_ATTR, SET_TEXT, INSERT = 14, 3, 6, 7
# (node offset in document order, kind, attribute or event name, the template's value)
HOLES = ((0, "attr", "class", None), (2, "text", None, "1"), (4, "event", "click", None),
         (5, "text", None, "x"), (7, "event", "click", None))
SIZE = 9  # tr, td, text, td, a, text, td, a, span, td: ids first .. first + SIZE


def row_values(item_id, label, selected, select, remove):
    return ("danger" if selected else None, str(item_id), lambda: select(item_id), label,
            lambda: remove(item_id))


class BlockFiber:
    __slots__ = ("id", "parent", "values")

    def __init__(self, id, values, parent):
        self.id = id
        self.values = values
        self.parent = parent


class State:
    next_id = 1_000_000


def mount_rows(rows, selected, select, remove):
    ops = []
    handlers = {}
    fibers = []
    state = State
    for item_id, label in rows:
        values = row_values(item_id, label, item_id == selected, select, remove)
        nid = state.next_id
        state.next_id = nid + SIZE + 1
        ops += (CLONE, 0, nid)
        fiber = BlockFiber(nid, values, None)
        for (offset, kind, name, default), value in zip(HOLES, values):
            if kind == "event":
                handlers[nid + offset] = fiber
            elif value != default:
                if kind == "text":
                    ops += (SET_TEXT, nid + offset, value)
                else:
                    ops += (SET_ATTR, nid + offset, name, value)
        fibers.append(fiber)
        ops += (INSERT, 1, nid, 0)
    return fibers, handlers, json.dumps(ops, separators=(",", ":"))


def emulate(repeats):
    rows = Labels.build(1000)
    noop = lambda item_id: None
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        mount_rows(rows, 0, noop, noop)
        times.append((time.perf_counter() - t0) * 1000)
    return json.dumps(times)
"""


def measure(browser: Any, base: str, repeats: int) -> tuple[dict[str, dict[str, list[float]]], list[float]]:
    context, page = open_page(browser, f"{base}/pickle", "pickle")
    run = lambda code: page.evaluate("c => pickleReactor.pyodide.runPython(c)", code)
    run(TIMERS)
    found: dict[str, dict[str, list[float]]] = {
        kind: {"total": [], "event": [], "rows": [], "mount": []} for kind in ("uncompiled", "compiled")}
    for repeat in range(repeats + 1):
        for kind in found:
            run(f"from pickle_reactor.core.reconciler import blocks; blocks.ENABLED = {kind == 'compiled'}")
            click(page, "#clear")
            run(READ)
            total = click(page, "#run")
            timers = json.loads(run(READ))
            if repeat:  # the first round warms up
                found[kind]["total"].append(total)
                for name, value in timers.items():
                    found[kind][name].append(value)
    click(page, "#clear")
    run(EMULATED)
    emulated = json.loads(run(f"emulate({repeats + 1})"))[1:]
    context.close()
    return found, emulated


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=9)
    args = parser.parse_args()
    with bench_browser() as (browser, base):
        found, emulated = measure(browser, base, args.repeats)
    u, k = ({name: median(values) for name, values in found[kind].items()} for kind in ("uncompiled", "compiled"))
    bound = median(emulated)
    print(f"\ncreate 1,000 rows in the hooks app, medians of {args.repeats} (ms)\n")
    print(table(["part", "uncompiled", "compiled", "compiled / uncompiled"], [
        ["click -> forced layout", f"{u['total']:.1f}", f"{k['total']:.1f}", f"{k['total'] / u['total']:.2f}x"],
        ["the Python event (dispatch -> ops applied)", f"{u['event']:.1f}", f"{k['event']:.1f}",
         f"{k['event'] / u['event']:.2f}x"],
        ["the 1,000 Row renders (the builders, or the holes; and hook bookkeeping)", f"{u['rows']:.1f}",
         f"{k['rows']:.1f}", ""],
        ["the template mounts (check, fibers, ops; compiled rows have none)", f"{u['mount']:.1f}", f"{k['mount']:.1f}", ""],
        ["renders + mounts, emulated by hand (the floor)", "", f"{bound:.1f}", ""],
    ]))


if __name__ == "__main__":
    main()
