"""Islands for the browser runtime's end-to-end tests (tests/e2e/test_runtime.py)."""

from __future__ import annotations

import sys

from pickle_reactor import component, use_ref, use_state
from pickle_reactor.html import (
    a,
    button,
    form,
    h1,
    input_,
    li,
    p,
    span,
    table,
    tbody,
    td,
    tr,
    ul,
)

IN_BROWSER = sys.platform == "emscripten"


@component
def Counter(initial: int = 0):
    count, set_count = use_state(initial)

    def boom() -> None:
        raise RuntimeError("boom from the Counter handler")

    return p(class_="counter")[
        span(id="count")[f"Count: {count}"],
        button(id="inc", on_click=lambda: set_count(lambda c: c + 1))["+1"],
        button(id="boom", on_click=boom)["Fail"],
    ]


@component
def TodoForm():
    draft, set_draft = use_state("")
    items, set_items = use_state(list)
    field = use_ref()

    def on_submit(event) -> None:
        event.prevent_default()
        if draft:
            set_items(lambda old: [*old, draft])
            set_draft("")

    def focus_field() -> None:
        field.current.focus()

    return form(id="todo", on_submit=on_submit)[
        input_(name="title", value=draft, ref=field, on_input=lambda e: set_draft(e.target.value)),
        button(type="submit", id="add")["Add"],
        button(type="button", id="focus", on_click=focus_field)["Focus"],
        p(id="echo")[draft],
        ul(id="items")[(li(key=f"{i}-{text}")[text] for i, text in enumerate(items))],
    ]


@component
def Drifting():
    """Renders differently in the browser: hydration must repair it and warn."""
    where = "browser" if IN_BROWSER else "server"
    clicks, set_clicks = use_state(0)
    return p(id="drift")[
        h1(id="where")[f"rendered in the {where}"],
        button(id="drift-inc", on_click=lambda: set_clicks(clicks + 1))[f"clicked {clicks}"],
    ]


@component
def KeyedList():
    """Fills, replaces and empties a keyed list: the whole-list CLEAR op of the kernel."""
    rows, set_rows = use_state(lambda: [f"r{i}" for i in range(5)])
    return p(id="keyed")[
        button(id="replace", on_click=lambda: set_rows([f"n{i}" for i in range(4)]))["replace"],
        button(id="empty", on_click=lambda: set_rows([]))["empty"],
        button(id="refill", on_click=lambda: set_rows(["x", "y"]))["refill"],
        span(id="rows")[[span(key=row, class_="row")[row] for row in rows]],
    ]


@component
def ClonedRow(n: int, selected: bool, pick, drop):
    return tr(class_="danger" if selected else None)[
        td(class_="id")[str(n)],
        td[a(class_="lbl", on_click=lambda: pick(n))[f"row {n}"]],
        td[a(class_="remove", on_click=lambda: drop(n))[span(class_="icon", aria_hidden="true")]],
    ]


@component
def ClonedRows():
    """Rows added 30 at a time: from the third row of a shape on, the kernel clones them (CLONE)."""
    rows, set_rows = use_state(list)
    picked, set_picked = use_state(-1)

    def add() -> None:
        set_rows(lambda old: old + list(range(old[-1] + 1 if old else 0, (old[-1] + 1 if old else 0) + 30)))

    def drop(n: int) -> None:
        set_rows(lambda old: [r for r in old if r != n])

    return p(id="cloned")[
        button(id="add", on_click=add)["add"],
        table[tbody[[ClonedRow(n=n, selected=n == picked, pick=set_picked, drop=drop, key=n) for n in rows]]],
    ]
