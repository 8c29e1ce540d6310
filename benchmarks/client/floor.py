"""The floor page's Python (pages/floor.js runs it in bare Pyodide, without pickle-reactor): the least a
UI whose state lives in Python can do per event.

The rows are Python's ``(id, label)`` tuples, changed by the same expressions as the hooks app's
(``Bench`` in bench_components.py). Every event crosses into Python once and returns one JSON buffer
saying what changed; JavaScript applies it with the vanilla page's DOM code. No components, elements,
diff or fibers, and no loop over the rows that the change does not need: what is left is the cost of
keeping the state in Python (the labels, the list operations, one crossing each way), which any
framework whose app code runs in Pyodide pays too.
"""

from __future__ import annotations

import json
from itertools import chain

from labels import Labels

rows: list[tuple[int, str]] = []
selected = 0


def _flat(items: list[tuple[int, str]]) -> list[int | str]:
    return list(chain.from_iterable(items))


def _swap() -> list[object]:
    global rows
    if len(rows) <= 998:
        return ["none"]
    new = list(rows)
    new[1], new[998] = new[998], new[1]
    rows = new
    return ["swap", 1, 998]


def handle(payload: str) -> str:
    """``[action, row id]`` -> the change, as ``[kind, data...]``."""
    global rows, selected
    action, item_id = json.loads(payload)
    change: list[object]
    if action == "run" or action == "runlots":
        rows = Labels.build(1000 if action == "run" else 10000)
        selected = 0
        change = ["replace", _flat(rows)]
    elif action == "add":
        new = Labels.build(1000)
        rows = rows + new
        change = ["append", _flat(new)]
    elif action == "update":
        rows = [(i, label + " !!!") if n % 10 == 0 else (i, label) for n, (i, label) in enumerate(rows)]
        change = ["text", _flat([(n, rows[n][1]) for n in range(0, len(rows), 10)])]
    elif action == "clear":
        rows = []
        selected = 0
        change = ["clear"]
    elif action == "swaprows":
        change = _swap()
    elif action == "select":
        selected = item_id
        change = ["select", item_id]
    elif action == "remove":
        rows = [d for d in rows if d[0] != item_id]
        change = ["remove", item_id]
    else:
        raise ValueError(f"floor: unknown action {action!r}")
    return json.dumps(change)
