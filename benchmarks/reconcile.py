"""Reconciler benchmark (CPython, memory DOM): the js-framework-benchmark operations, keyed.

One ``App`` component holds the rows and the selected id, as the keyed Preact/React implementations
do; every row is a ``tr`` with four cells and two click handlers. Each operation is timed from the
state update to the end of the commit (render + keyed diff + op buffer), twice side by side:

- ``reconcile``: the op buffer is built and handed to a backend that only keeps it;
- ``+ memory DOM``: the same, and :mod:`pickle_reactor.testing.document` applies it.

Prints a markdown table of medians (ms) over repeats and the op count of one commit.

    .venv/bin/python benchmarks/reconcile.py            # full run
    .venv/bin/python benchmarks/reconcile.py --quick    # fewer repeats
    .venv/bin/python benchmarks/reconcile.py --profile "update every 10th"   # cProfile one operation
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import pstats
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pickle_reactor import component, use_state
from pickle_reactor.core.reconciler import Runtime
from pickle_reactor.core.reconciler.ops import iter_ops
from pickle_reactor.html import a, span, table, tbody, td, tr
from pickle_reactor.testing.document import Document

ADJECTIVES = ["pretty", "large", "big", "small", "tall", "short", "long", "handsome", "plain", "quaint", "clean", "elegant", "easy", "angry"]
COLOURS = ["red", "yellow", "blue", "green", "pink", "brown", "purple", "white", "black", "orange"]
NOUNS = ["table", "chair", "house", "bbq", "desk", "car", "pony", "cookie", "sandwich", "burger", "pizza", "mouse", "keyboard"]


class Data:
    """Row data as js-framework-benchmark builds it: ids keep growing, labels are random."""

    def __init__(self) -> None:
        self.next_id = 1
        self.rng = random.Random(1)

    def rows(self, n: int) -> list[tuple[int, str]]:
        rng = self.rng
        out = [(self.next_id + i, f"{rng.choice(ADJECTIVES)} {rng.choice(COLOURS)} {rng.choice(NOUNS)}") for i in range(n)]
        self.next_id += n
        return out


class Bench:
    """A mounted App whose state the operations set directly."""

    def __init__(self, with_dom: bool) -> None:
        self.document = Document() if with_dom else None
        self.buffers: list[list[Any]] = []
        self.runtime = Runtime(self.apply, schedule=lambda: None)
        container_id = self.runtime.new_id()
        if self.document is not None:
            self.document.create_container(container_id)
        self.root = self.runtime.create_root(container_id)
        self.state: dict[str, Any] = {}
        bench = self

        @component
        def App() -> Any:
            rows, set_rows = use_state(list)
            selected, set_selected = use_state(0)
            bench.state.update(rows=rows, set_rows=set_rows, selected=selected, set_selected=set_selected)
            return table(class_="table table-hover table-striped test-data")[tbody[(
                tr(key=row_id, class_="danger" if row_id == selected else None)[
                    td(class_="col-md-1")[str(row_id)],
                    td(class_="col-md-4")[a(on_click=lambda row_id=row_id: set_selected(row_id))[label]],
                    td(class_="col-md-1")[a(on_click=lambda row_id=row_id: set_rows(
                        lambda rs: [r for r in rs if r[0] != row_id]))[
                        span(class_="glyphicon glyphicon-remove", aria_hidden="true")]],
                    td(class_="col-md-6"),
                ]
                for row_id, label in rows
            )]]

        self.root.render(App())

    def apply(self, ops: list[Any]) -> None:
        self.buffers.append(ops)  # counted after the clock stops
        if self.document is not None:
            self.document.apply(ops)

    def set(self, **changes: Any) -> None:
        """Update state and commit (what one click does)."""
        self.buffers = []
        if "rows" in changes:
            self.state["set_rows"](changes["rows"])
        if "selected" in changes:
            self.state["set_selected"](changes["selected"])
        self.runtime.flush()


# name -> (rows before, prepare(bench, data), action(bench, data))
Op = tuple[int, Callable[[Bench, Data], None]]


def op_create(n: int) -> Callable[[Bench, Data], None]:
    return lambda b, d: b.set(rows=d.rows(n))


def op_replace(b: Bench, d: Data) -> None:
    b.set(rows=d.rows(1000))


def op_update(b: Bench, d: Data) -> None:
    rows = list(b.state["rows"])
    for i in range(0, len(rows), 10):
        rows[i] = (rows[i][0], rows[i][1] + " !!!")
    b.set(rows=rows)


def op_select(b: Bench, d: Data) -> None:
    b.set(selected=b.state["rows"][b.state["selected"] % 7 + 1][0])


def op_swap(b: Bench, d: Data) -> None:
    rows = list(b.state["rows"])
    rows[1], rows[998] = rows[998], rows[1]
    b.set(rows=rows)


def op_remove(b: Bench, d: Data) -> None:
    rows = list(b.state["rows"])
    del rows[4]
    b.set(rows=rows)


def op_append(b: Bench, d: Data) -> None:
    b.set(rows=b.state["rows"] + d.rows(1000))


def op_clear(b: Bench, d: Data) -> None:
    b.set(rows=[])


OPERATIONS: list[tuple[str, int, Callable[[Bench, Data], None]]] = [
    ("create 1,000 rows", 0, op_create(1000)),
    ("replace all 1,000 rows", 1000, op_replace),
    ("update every 10th row", 1000, op_update),
    ("select row", 1000, op_select),
    ("swap rows 2 and 999", 1000, op_swap),
    ("remove row", 1000, op_remove),
    ("create 10,000 rows", 0, op_create(10000)),
    ("append 1,000 rows", 1000, op_append),
    ("clear 1,000 rows", 1000, op_clear),
]


def measure(name: str, before: int, action: Callable[[Bench, Data], None], with_dom: bool, repeats: int) -> tuple[float, int]:
    """Median ms of ``action`` on a fresh App holding ``before`` rows, and its op count."""
    times = []
    ops = 0
    for _ in range(repeats):
        data = Data()
        bench = Bench(with_dom)
        if before:
            bench.set(rows=data.rows(before))
        gc.collect()
        gc.disable()
        start = time.perf_counter()
        action(bench, data)
        elapsed = time.perf_counter() - start
        gc.enable()
        times.append(elapsed * 1000)
        ops = sum(1 for buffer in bench.buffers for _ in iter_ops(buffer))
    return statistics.median(times), ops


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats")
    parser.add_argument("--profile", metavar="OPERATION", help="cProfile one operation (a name from the table)")
    args = parser.parse_args()
    if args.profile:
        for name, before, action in OPERATIONS:
            if name.startswith(args.profile):
                data = Data()
                bench = Bench(True)
                if before:
                    bench.set(rows=data.rows(before))
                profiler = cProfile.Profile()
                profiler.runcall(action, bench, data)
                pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
                return
        raise SystemExit(f"no operation named {args.profile!r}")
    repeats = 3 if args.quick else 10
    print(f"Python {sys.version.split()[0]}, medians of {repeats} runs (create 10,000: {max(2, repeats // 3)})\n")
    print("| operation | reconcile (ms) | + memory DOM (ms) | DOM share | ops in the commit |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name, before, action in OPERATIONS:
        n = max(2, repeats // 3) if "10,000" in name else repeats
        bare, ops = measure(name, before, action, False, n)
        full, _ = measure(name, before, action, True, n)
        share = (full - bare) / full if full else 0.0
        print(f"| {name} | {bare:.2f} | {full:.2f} | {share:.0%} | {ops:,} |")


if __name__ == "__main__":
    main()
