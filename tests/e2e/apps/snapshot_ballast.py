"""An island whose module holds ~16 MB at import: a snapshot of it is bigger than Pyodide's initial
30 MiB of linear memory, which boot.mjs must grow before the restore (tests/e2e/test_snapshot.py)."""

from __future__ import annotations

from pickle_reactor import component, use_state
from pickle_reactor.html import button, p, span

BALLAST = [bytes(1024) + i.to_bytes(4, "little") for i in range(16_000)]


@component
def Heavy():
    count, set_count = use_state(0)
    return p()[
        span(id="count")[f"Count: {count}"],
        span(id="ballast")[str(len(BALLAST))],
        button(id="inc", on_click=lambda: set_count(lambda c: c + 1))["+1"],
    ]
