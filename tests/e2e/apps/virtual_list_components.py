"""Components of the VirtualList e2e page and benchmark: 100,000 keyed rows in a 400 px list, and a
button that re-renders the parent (the list must keep its scroll position)."""

from __future__ import annotations

from pickle_reactor import VirtualList, component, use_state
from pickle_reactor.html import button, div, span

ROWS = [(i, f"row {i}") for i in range(100_000)]


@component
def BigList() -> object:
    renders, set_renders = use_state(0)
    return div[
        button(id="rerender", on_click=lambda: set_renders(renders + 1))[f"re-rendered {renders}"],
        VirtualList(
            items=ROWS,
            render_row=lambda row, index: span(class_="label")[row[1]],
            row_key=lambda row: row[0],
            row_height=32,
            height=400,
            label="Big list",
        ),
    ]
