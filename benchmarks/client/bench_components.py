"""js-framework-benchmark (keyed) with pickle-reactor: the same markup, labels and operations as the
Preact and vanilla pages beside it (pages/*.js), written twice: with hooks (``Bench``) and with signals
(``BenchSignals``)."""

from __future__ import annotations

from labels import Labels

from pickle_reactor import (
    batch,
    component,
    effect,
    signal,
    use_effect,
    use_ref,
    use_state,
)
from pickle_reactor.html import a, button, div, h1, span, table, tbody, td, tr


@component
def Row(item_id: int, label: str, selected: bool, select, remove):
    return tr(class_="danger" if selected else None)[
        td(class_="col-md-1")[str(item_id)],
        td(class_="col-md-4")[a(on_click=lambda: select(item_id))[label]],
        td(class_="col-md-1")[
            a(on_click=lambda: remove(item_id))[span(class_="glyphicon glyphicon-remove", aria_hidden="true")]
        ],
        td(class_="col-md-6"),
    ]


def _button(id: str, title: str, handler):
    return div(class_="col-sm-6 smallpad")[
        button(type="button", class_="btn btn-primary btn-block", id=id, on_click=handler)[title]
    ]


@component
def Bench():
    data, set_data = use_state(list)
    selected, set_selected = use_state(0)
    rows = use_ref(None)  # (id, label, selected) -> row element: unchanged rows are the same object
    if rows.current is None:
        rows.current = {}

    def select(item_id: int) -> None:
        set_selected(item_id)

    def remove(item_id: int) -> None:
        set_data(lambda old: [d for d in old if d[0] != item_id])

    def swap(old: list) -> list:
        if len(old) <= 998:
            return old
        new = list(old)
        new[1], new[998] = new[998], new[1]
        return new

    actions = {
        "run": lambda: (set_data(Labels.build(1000)), set_selected(0)),
        "runlots": lambda: (set_data(Labels.build(10000)), set_selected(0)),
        "add": lambda: set_data(lambda old: old + Labels.build(1000)),
        "update": lambda: set_data(lambda old: [(i, l + " !!!") if n % 10 == 0 else (i, l)
                                                for n, (i, l) in enumerate(old)]),
        "clear": lambda: (set_data([]), set_selected(0)),
        "swaprows": lambda: set_data(swap),
    }
    cache = rows.current
    fresh = {}
    children = []
    for item_id, label in data:
        key = (item_id, label, item_id == selected)
        row = cache.get(key)
        if row is None:
            row = Row(item_id=item_id, label=label, selected=key[2], select=select, remove=remove, key=item_id)
        fresh[key] = row
        children.append(row)
    rows.current = fresh
    return div(class_="container")[
        div(class_="jumbotron")[div(class_="row")[
            div(class_="col-md-6")[h1["pickle-reactor keyed"]],
            div(class_="col-md-6")[div(class_="row")[
                _button("run", "Create 1,000 rows", actions["run"]),
                _button("runlots", "Create 10,000 rows", actions["runlots"]),
                _button("add", "Append 1,000 rows", actions["add"]),
                _button("update", "Update every 10th row", actions["update"]),
                _button("clear", "Clear", actions["clear"]),
                _button("swaprows", "Swap Rows", actions["swaprows"]),
            ]],
        ]],
        table(class_="table table-hover table-striped test-data")[tbody[children]],
        span(class_="preloadicon glyphicon glyphicon-remove", aria_hidden="true"),
    ]


@component
def Clicker():
    """A second, tiny island: 10,000 clicks on it check that memory does not grow with events."""
    count, set_count = use_state(0)
    return div(class_="clicker")[
        button(id="clicker", type="button", on_click=lambda: set_count(lambda c: c + 1))["click"],
        span(id="clicks")[str(count)],
    ]


# --- the same app written with signals: each row's label and class are signals, the selection is a
# signal; a click on a row or "update every 10th row" writes signals and renders no component.


class SignalRow:
    """One row: its label and its class are signals bound to the DOM; ``view`` is its element, built
    once (everything in it that changes is a signal), so a list render skips unchanged rows."""

    __slots__ = ("cls", "id", "label", "view")

    def __init__(self, item_id: int, label: str) -> None:
        self.id = item_id
        self.label = signal(label)
        self.cls = signal(None)
        self.view = SignalRowView(row=self, key=item_id)


rows = signal([])  # the list of SignalRows: changing it renders BenchSignals
selected = signal(None)  # the selected SignalRow


def show_selection():
    """The selected row gets class="danger"; the cleanup takes it off when the selection moves."""
    row = selected.value
    if row is None:
        return None
    row.cls.value = "danger"
    return lambda: setattr(row.cls, "value", None)


def build_rows(count: int) -> list[SignalRow]:
    return [SignalRow(item_id, label) for item_id, label in Labels.build(count)]


def remove_row(row: SignalRow) -> None:
    rows.value = [r for r in rows.peek() if r is not row]


def update_rows() -> None:
    with batch():
        for row in rows.peek()[::10]:
            row.label.value += " !!!"


def swap_rows() -> None:
    old = rows.peek()
    if len(old) > 998:
        new = list(old)
        new[1], new[998] = new[998], new[1]
        rows.value = new


def replace_rows(new: list[SignalRow]) -> None:
    with batch():
        rows.value = new
        selected.value = None


@component
def SignalRowView(row: SignalRow):
    return tr(class_=row.cls)[
        td(class_="col-md-1")[str(row.id)],
        td(class_="col-md-4")[a(on_click=lambda: setattr(selected, "value", row))[row.label]],
        td(class_="col-md-1")[
            a(on_click=lambda: remove_row(row))[span(class_="glyphicon glyphicon-remove", aria_hidden="true")]
        ],
        td(class_="col-md-6"),
    ]


@component
def BenchSignals():
    use_effect(lambda: effect(show_selection), [])
    return div(class_="container")[
        div(class_="jumbotron")[div(class_="row")[
            div(class_="col-md-6")[h1["pickle-reactor signals keyed"]],
            div(class_="col-md-6")[div(class_="row")[
                _button("run", "Create 1,000 rows", lambda: replace_rows(build_rows(1000))),
                _button("runlots", "Create 10,000 rows", lambda: replace_rows(build_rows(10000))),
                _button("add", "Append 1,000 rows", lambda: setattr(rows, "value", rows.peek() + build_rows(1000))),
                _button("update", "Update every 10th row", update_rows),
                _button("clear", "Clear", lambda: replace_rows([])),
                _button("swaprows", "Swap Rows", swap_rows),
            ]],
        ]],
        table(class_="table table-hover table-striped test-data")[
            tbody[[row.view for row in rows.value]]
        ],
        span(class_="preloadicon glyphicon glyphicon-remove", aria_hidden="true"),
    ]
