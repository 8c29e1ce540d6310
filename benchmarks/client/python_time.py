"""The hooks app's Python time per operation, in real Pyodide under Node: no browser, no DOM, no layout.

    .venv/bin/python benchmarks/client/python_time.py [--baseline DIR] [--rounds 3] [--repeats 15] [--only swap,remove]

What ``run.py`` calls pickle-reactor's own time, minus the kernel's DOM calls: the event dispatched,
the handlers, the renders and the diff, and the op buffer encoded as JSON (and dropped). A quiet
measure of a change to the Python side, where Chromium's style and layout are most of each operation
and vary from run to run. ``--baseline DIR`` (a checkout of an earlier commit, as for ``run.py``)
runs the same app on that tree, in its own Pyodide, alternating with this one.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]

# Runs in Pyodide: the app mounted on a runtime whose backend encodes each commit and drops it.
PAGE = r"""
import gc, json, time
from pickle_reactor.core.reconciler import Runtime
import bench_components as app

clock = time.perf_counter
runtime = Runtime(lambda ops: json.dumps(ops, separators=(",", ":")), schedule=lambda: None)
root = runtime.create_root(runtime.new_id())
root.render(app.Bench())
runtime.flush()

def button(name):
    return next(nid for nid, f in runtime.nodes.items()
                if getattr(f.vnode, "tag", None) == "button" and f.vnode.props.get("id") == name)

def row_link(row, column):  # the row's label link (0) or remove link (1), as run.py's clicks
    links = sorted(nid for nid, f in runtime.nodes.items() if f.vnode.tag == "a")
    return links[2 * row + column]

def click(nid):
    runtime.dispatch("click", [nid])

BUTTONS = {name: button(name) for name in ("run", "runlots", "add", "update", "clear", "swaprows")}
OPERATIONS = [  # as run.py's: (name, setup clicks, the timed click)
    ("create 1,000 rows", ["clear"], "run"), ("replace all 1,000 rows", ["run"], "run"),
    ("update every 10th row", ["run"], "update"), ("select row", ["run"], (4, 0)),
    ("swap rows 2 and 999", ["run"], "swaprows"), ("remove row", ["run"], (4, 1)),
    ("create 10,000 rows", ["clear"], "runlots"), ("append 1,000 to 1,000 rows", ["run"], "add"),
    ("clear 1,000 rows", ["run"], "clear"),
]
out = {}
for name, setup, target in OPERATIONS:
    if ONLY and not name.startswith(ONLY):
        continue
    times = []
    for _ in range(REPEATS if "10,000" not in name else max(3, REPEATS // 3)):
        for step in setup:
            click(BUTTONS[step])
        nid = BUTTONS[target] if type(target) is str else row_link(*target)
        gc.collect()
        t0 = clock()
        click(nid)
        times.append((clock() - t0) * 1000)
    out[name] = sorted(times)[len(times) // 2]
print("PR-RESULT " + json.dumps(out))
"""


def measure(tree: Path, repeats: int, only: tuple[str, ...]) -> dict[str, float]:
    pyodide = ROOT / "node_modules" / "pyodide"
    if not (pyodide / "pyodide.mjs").is_file():
        sys.exit("no Pyodide: run `npm ci` first (make test does)")
    done = subprocess.run(["node", str(HERE / "pyodide_node.mjs"), str(pyodide), str(tree), str(HERE),
                           f"REPEATS = {repeats}\nONLY = {only!r}\n{PAGE}"], capture_output=True, text=True, timeout=900)
    for line in done.stdout.splitlines():
        if line.startswith("PR-RESULT "):
            return json.loads(line[len("PR-RESULT "):])  # type: ignore[no-any-return]
    sys.exit(f"{tree}: no result\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", type=Path, help="a checkout of an earlier commit, measured alternately")
    parser.add_argument("--rounds", type=int, default=3, help="Pyodide processes per tree")
    parser.add_argument("--repeats", type=int, default=15, help="timed clicks per operation and process")
    parser.add_argument("--only", default="", help="operations whose name starts with one of these (comma-separated)")
    args = parser.parse_args()
    trees = {"this tree": ROOT, **({"before": args.baseline.resolve()} if args.baseline else {})}
    results: dict[str, list[dict[str, float]]] = {name: [] for name in trees}
    for _ in range(args.rounds):
        for name, tree in trees.items():
            results[name].append(measure(tree, args.repeats, tuple(filter(None, args.only.split(",")))))
    medians = {name: {op: statistics.median(r[op] for r in runs) for op in runs[0]} for name, runs in results.items()}
    ops = list(medians["this tree"])
    header = "| operation | this tree (ms) |" + (" before (ms) | this / before |" if args.baseline else "")
    print(f"Python time per operation in Pyodide (Node), medians of {args.rounds} x {args.repeats}\n")
    print(header)
    print("| --- | ---: |" + (" ---: | ---: |" if args.baseline else ""))
    for op in ops:
        now = medians["this tree"][op]
        row = f"| {op} | {now:.2f} |"
        if args.baseline:
            before = medians["before"][op]
            row += f" {before:.2f} | {now / before:.2f}x |"
        print(row)


if __name__ == "__main__":
    main()
