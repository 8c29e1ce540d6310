"""The client benchmark's hooks app on CPython: the small operations, through ``Runtime.dispatch``.

``benchmarks/client/bench_components.py``'s ``Bench`` (the same code the browser runs) is mounted on a
runtime whose backend only JSON-encodes each commit, as the browser's does, and the operations are
clicked through the same entry point a DOM event takes. Each operation is repeated on one mounted app
(select alternates two rows, swap swaps back and forth, update adds " !!!" again), so these are the
costs of the keyed diff and of the app's own render without a browser, a GC pause or a layout in them.

    .venv/bin/python benchmarks/keyed_diff.py                     # this checkout
    .venv/bin/python benchmarks/keyed_diff.py --baseline DIR      # and an earlier one, side by side

``--baseline``: a checkout of an earlier commit (``git archive <commit> | tar -x -C DIR``), measured in
a subprocess with its own ``pickle_reactor`` and alternated with this one.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
OPERATIONS = ("select row", "swap rows 2 and 999", "remove row", "update every 10th row")


def measure(root: Path, repeats: int) -> dict[str, float]:
    """Median µs per operation, with ``root``'s pickle_reactor and benchmark app."""
    sys.path[:0] = [str(root), str(root / "benchmarks/client")]
    import bench_components

    from pickle_reactor.core.reconciler import Runtime
    from pickle_reactor.core.reconciler.fibers import ElementFiber

    def app() -> tuple[Any, Any]:
        runtime = Runtime(lambda ops: json.dumps(ops), schedule=lambda: None)
        root_ = runtime.create_root(runtime.new_id())
        root_.render(bench_components.Bench())
        return runtime, root_

    def find(root_: Any, test: Any) -> Any:
        stack = [root_.fiber]
        while stack:
            fiber = stack.pop()
            if type(fiber) is ElementFiber and test(fiber):
                return fiber
            stack.extend(child for child in getattr(fiber, "children", ()) if child is not None)
        raise LookupError("no such element")

    def button(root_: Any, name: str) -> int:
        return find(root_, lambda f: f.vnode.tag == "button" and f.vnode.props.get("id") == name).id  # type: ignore[no-any-return]

    def link(root_: Any, row: int, column: int) -> int:
        tbody = find(root_, lambda f: f.vnode.tag == "tbody")
        return tbody.children[row].children[0].children[column].children[0].id  # type: ignore[no-any-return]

    results = {}
    for name in OPERATIONS:
        runtime, root_ = app()
        runtime.dispatch("click", [button(root_, "run")], {})
        if name == "select row":
            targets = [link(root_, 4, 1), link(root_, 5, 1)]
        elif name == "remove row":
            targets = []
        else:
            targets = [button(root_, "swaprows" if name.startswith("swap") else "update")]
        times = []
        for i in range(repeats):
            if name == "remove row":
                if i % 100 == 0:
                    runtime.dispatch("click", [button(root_, "run")], {})
                targets = [link(root_, 4, 2)]
            target = targets[i % len(targets)]
            start = time.perf_counter()
            runtime.dispatch("click", [target], {})
            times.append(time.perf_counter() - start)
        results[name] = statistics.median(times) * 1e6
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=400)
    parser.add_argument("--rounds", type=int, default=3, help="alternated runs of each checkout")
    parser.add_argument("--baseline", type=Path, help="a checkout of an earlier commit, measured beside this one")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child, args.repeats)))
        return
    roots = {"this": HERE.parent, **({"before": args.baseline.resolve()} if args.baseline else {})}
    runs: dict[str, list[dict[str, float]]] = {label: [] for label in roots}
    for _ in range(args.rounds):
        for label, root in roots.items():
            out = subprocess.run([sys.executable, __file__, "--child", str(root), "--repeats", str(args.repeats)],
                                 check=True, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": ""})
            runs[label].append(json.loads(out.stdout.strip().splitlines()[-1]))
    print(f"Python {sys.version.split()[0]}, median of {args.repeats} clicks, median of {args.rounds} runs (µs)\n")
    header = ["operation", *roots] + (["this / before"] if args.baseline else [])
    print("| " + " | ".join(header) + " |")
    print("| " + " | ".join(["---"] + ["---:"] * (len(header) - 1)) + " |")
    for name in OPERATIONS:
        values = {label: statistics.median(run[name] for run in runs[label]) for label in roots}
        row = [name, *(f"{values[label]:.0f}" for label in roots)]
        if args.baseline:
            row.append(f"{values['this'] / values['before']:.2f}x")
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
