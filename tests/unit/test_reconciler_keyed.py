"""Keyed child lists: state moves with its key, and only the children outside the longest stable run
are moved."""

from __future__ import annotations

import random
from typing import Any

import pytest

from pickle_reactor import component, use_state
from pickle_reactor.core.reconciler import Runtime
from pickle_reactor.core.reconciler.children import longest_increasing
from pickle_reactor.core.reconciler.ops import (
    CLONE,
    CREATE,
    CREATE_TEXT,
    INSERT,
    count_ops,
    iter_ops,
)
from pickle_reactor.html import button, li, span, ul
from pickle_reactor.testing import mount
from pickle_reactor.testing.document import Document


@component
def Row(label: str) -> Any:
    clicks, set_clicks = use_state(0)  # local state that must travel with the key
    return li(data_label=label)[span[label], button(on_click=lambda: set_clicks(clicks + 1))[str(clicks)]]


def rows_view(order: list[str]) -> Any:
    """A view of keyed Row components and a setter to reorder them."""
    holder: dict[str, Any] = {}

    @component
    def List() -> Any:
        items, set_items = use_state(order)
        holder["set"] = set_items
        return ul[(Row(key=k, label=k) for k in items)]

    view = mount(List())
    return view, holder


def labels_and_clicks(view: Any) -> list[tuple[str, str]]:
    return [(row.attrs["data-label"], row.query("button").text) for row in view.query_all("li")]


def reorder(view: Any, holder: dict[str, Any], new: list[str]) -> dict[str, int]:
    """Op counts of the reorder's commit, plus "MOVE": INSERTs of nodes that existed before it."""
    before = len(view.commits)
    view._act(lambda: holder["set"](new))
    if len(view.commits) == before:
        return {}
    ops = view.commits[-1]
    counts = count_ops(ops)
    created = {op[1] for op in iter_ops(ops) if op[0] in (CREATE, CREATE_TEXT)}
    created |= {op[2] for op in iter_ops(ops) if op[0] == CLONE}  # a cloned row: its root's id
    counts["MOVE"] = sum(1 for op in iter_ops(ops) if op[0] == INSERT and op[2] not in created)
    return counts


def click_row(view: Any, label: str, times: int = 1) -> None:
    for _ in range(times):
        view.click(f"li[data-label={label}] button")


@pytest.mark.parametrize(
    ("new", "moves"),
    [
        (list("edcba"), 4),  # reverse: all but one move
        (list("adcbe"), 2),  # swap b and d
        (list("xabcde"), 0),  # insert at the front
        (list("abxcde"), 0),  # insert in the middle
        (list("abde"), 0),  # remove one
        (list("eabcd"), 1),  # last to first
        (list("bcdea"), 1),  # first to last
    ],
)
def test_state_moves_with_its_key_and_moves_are_minimal(new: list[str], moves: int) -> None:
    view, holder = rows_view(list("abcde"))
    for i, label in enumerate("abcde"):
        click_row(view, label, i)
    counts = reorder(view, holder, new)
    expected = {label: str("abcde".index(label)) if label in "abcde" else "0" for label in new}
    assert labels_and_clicks(view) == [(label, expected[label]) for label in new]
    assert counts.get("MOVE", 0) == moves  # new rows are built detached, then inserted once
    assert counts.get("REMOVE", 0) == len(set("abcde") - set(new))
    # li, span, button each, or one CLONE of the row (the rows' component made a template of it)
    assert counts.get("CREATE", 0) + 3 * counts.get("CLONE", 0) == 3 * len(set(new) - set("abcde"))


def test_shuffle_keeps_every_rows_state() -> None:
    rng = random.Random(7)
    labels = [f"r{i}" for i in range(30)]
    view, holder = rows_view(labels)
    for i, label in enumerate(labels):
        click_row(view, label, i % 3)
    for _ in range(5):
        rng.shuffle(labels)
        counts = reorder(view, holder, list(labels))
        assert "CREATE" not in counts and "REMOVE" not in counts
        assert labels_and_clicks(view) == [(label, str(int(label[1:]) % 3)) for label in labels]


def test_swap_of_two_rows_in_a_thousand_costs_at_most_two_moves() -> None:
    document = Document()
    buffers: list[list[Any]] = []

    def apply(ops: list[Any]) -> None:
        buffers.append(list(ops))
        document.apply(ops)

    runtime = Runtime(apply)
    container = document.create_container(runtime.new_id())
    root = runtime.create_root(container.id)
    data = list(range(1, 1001))
    root.render(ul[(li(key=i)[str(i)] for i in data)])
    data[1], data[998] = data[998], data[1]
    root.render(ul[(li(key=i)[str(i)] for i in data)])
    assert count_ops(buffers[-1]) == {"INSERT": 2}
    assert [int(el.text) for el in container.query_all("li")] == data


def test_unkeyed_children_match_by_position() -> None:
    view = mount(ul[li["a"], li["b"]])
    first = view.query("li")
    view.root.render(ul[li["b"], li["a"], li["c"]])
    assert view.query("li") is first and first.text == "b"
    assert count_ops(view.commits[-1]) == {"SET_TEXT": 2, "CREATE": 1, "CREATE_TEXT": 1, "INSERT": 2}


def test_same_key_different_type_is_replaced() -> None:
    view = mount(ul[li(key="a")["x"]])
    view.root.render(ul[span(key="a")["x"]])
    assert view.html == "<ul><span>x</span></ul>"


def test_longest_increasing_subsequence() -> None:
    assert longest_increasing([0, 1, 2]) == {0, 1, 2}
    assert longest_increasing([2, 1, 0]) in ({0}, {1}, {2})
    assert longest_increasing([997, *range(1, 997), 0]) == set(range(1, 997))
    assert longest_increasing([-1, 3, -1, 1, 2]) == {3, 4}
    assert longest_increasing([]) == set()
