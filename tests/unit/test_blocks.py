"""Compiled rows (core/reconciler/blocks.py, block_compiler.py): a component whose output has one fixed
structure mounts as a clone of its template plus its holes, and every result is the DOM, handlers and
errors the component gives uncompiled; whatever does not fit is rendered as written."""

from __future__ import annotations

import traceback
from collections import Counter
from typing import Any

import pytest

from pickle_reactor import component, use_state
from pickle_reactor.core.reconciler import blocks
from pickle_reactor.core.reconciler.ops import NAMES, count_ops, iter_ops
from pickle_reactor.html import a, div, input_, li, span, svg, table, tbody, td, tr, ul
from pickle_reactor.testing import ComponentError, mount


@component
def Row(item_id: int, label: str, selected: bool, pick: Any):
    return tr(class_="danger" if selected else None)[
        td(class_="col-md-1")[str(item_id)],
        td(class_="col-md-4")[a(on_click=lambda: pick(item_id))[label]],
        td(class_="col-md-1")[a(class_="remove")[span(class_="icon", aria_hidden="true")]],
        td(class_="col-md-6"),
    ]


@component
def Table(start: int = 0):
    rows, set_rows = use_state(lambda: [(i, f"label {i}") for i in range(start, start + 6)])
    selected, set_selected = use_state(-1)
    return div[
        a(id="relabel", on_click=lambda: set_rows([(i, f"{label} !") if i % 2 else (i, label) for i, label in rows]))["r"],
        a(id="swap", on_click=lambda: set_rows([rows[0], rows[4], *rows[2:4], rows[1], rows[5]]))["s"],
        a(id="drop", on_click=lambda: set_rows(rows[1:]))["d"],
        a(id="clear", on_click=lambda: set_rows([]))["c"],
        span(id="selected")[str(selected)],
        table[tbody[[Row(item_id=i, label=label, selected=i == selected, pick=set_selected, key=i) for i, label in rows]]],
    ]


def both(node: Any, monkeypatch: pytest.MonkeyPatch) -> tuple[Any, Any]:
    """The same node mounted compiled and not (the reference)."""
    compiled = mount(node)
    monkeypatch.setattr(blocks, "ENABLED", False)
    reference = mount(node)
    monkeypatch.setattr(blocks, "ENABLED", True)
    return compiled, reference


def pick(view: Any, row: int) -> Any:
    """The label link of row ``row`` (0-based): each row has two links, the label's first."""
    return view.query_all("tbody a")[2 * row]


def block_fibers(view: Any) -> int:
    count = 0
    stack = list(view.root.fiber.children)
    while stack:
        fiber = stack.pop()
        count += type(fiber) is blocks.BlockFiber
        stack.extend(child for child in getattr(fiber, "children", ()) if child is not None)
    return count


def test_rows_after_the_second_are_clones_and_every_operation_leaves_the_dom_of_an_uncompiled_render(
        monkeypatch: pytest.MonkeyPatch) -> None:
    compiled, reference = both(Table(), monkeypatch)
    assert block_fibers(compiled) == 4 and block_fibers(reference) == 0
    ops = [op for commit in compiled.commits for op in commit]
    assert count_ops(ops)["TEMPLATE"] == 1 and count_ops(ops)["CLONE"] == 4
    assert compiled.html == reference.html
    for step in (4, "#relabel", 1, "#swap", "#drop", 2, "#clear"):
        compiled.click(pick(compiled, step) if type(step) is int else step)
        reference.click(pick(reference, step) if type(step) is int else step)
        assert compiled.html == reference.html, step
    assert compiled.text == reference.text


def test_a_cloned_rows_handler_is_its_own_and_follows_each_render() -> None:
    view = mount(Table())
    view.click(pick(view, 3))
    assert view.get("#selected").text == "3"
    assert view.query_all("tbody tr")[3].attrs == {"class": "danger"}
    view.click("#swap")  # new lambdas for every row: the clicked row's must be the new one
    view.click(pick(view, 4))
    assert view.get("#selected").text == "1"
    assert "class" not in view.query_all("tbody tr")[3].attrs


def test_a_patch_of_a_cloned_row_sets_only_what_changed() -> None:
    view = mount(Table())
    view.commits.clear()
    view.click(pick(view, 5))  # a clone
    counts = count_ops([op for commit in view.commits for op in commit])
    assert counts == {"SET_TEXT": 1, "SET_ATTR": 1}  # the selected text, the row's class


def test_removed_rows_leave_no_handler_behind() -> None:
    view = mount(Table())
    before = len(view.runtime.nodes)
    view.click("#drop")
    assert len(view.runtime.nodes) == before - 1  # one handler per row (the remove link has none)
    view.click("#clear")
    assert len(view.runtime.nodes) == 4  # the four buttons


@component
def Cell(text: Any = "x", cls: Any = "c", handler: Any = None):
    return li(class_=cls, on_click=handler or (lambda: None))[span[text]]


@pytest.mark.parametrize(("text", "cls"), [
    ("", "c"),  # an empty text is no text node
    (span["inner"], "c"),  # an element where a text was
    (["a", "b"], "c"),  # a list of children
    (7, "c"),  # an int is its text
    ("x", None),  # no attribute
    ("x", ""),  # an empty class is no attribute
    ("x", True),  # a boolean attribute
    ("x", ["a", "b"]),  # a class list
])
def test_a_value_that_is_not_a_plain_hole_renders_as_written(text: Any, cls: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    def page(value: Any, klass: Any) -> Any:
        return ul[[Cell(text=value if i == 3 else f"t{i}", cls=klass if i == 3 else "c", key=i) for i in range(5)]]

    compiled, reference = both(page(text, cls), monkeypatch)
    assert compiled.html == reference.html
    compiled.rerender(page("plain", "c"))  # and back: the row stays right either way
    reference.rerender(page("plain", "c"))
    assert compiled.html == reference.html
    compiled.rerender(page(text, cls))
    reference.rerender(page(text, cls))
    assert compiled.html == reference.html


@pytest.mark.parametrize("bad", [range(4), [3]], ids=["every row", "a cloned row"])
def test_a_handler_that_is_not_callable_fails_as_it_does_uncompiled(bad: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    messages = []
    for enabled in (True, False):
        monkeypatch.setattr(blocks, "ENABLED", enabled)
        with pytest.raises(ComponentError, match="must be callable") as raised:
            mount(ul[[Cell(handler="not a function" if i in bad else None, key=i) for i in range(4)]])
        messages.append(str(raised.value))
    assert messages[0] == messages[1]


@component
def Listed(items: list[str]):
    return ul[[li[item] for item in items]]


@component
def Maybe(show: bool):
    return div[span["yes"] if show else None, "tail"]


@component
def Keyed(n: int):
    return div[span(key="k")[str(n)]]


@component
def Drawing(n: int):
    return svg[str(n)]


@component
def Field(value: str):
    return input_(value=value)


@component
def Nothing(n: int):
    return None


@pytest.mark.parametrize("fn", [Listed, Maybe, Keyed, Drawing, Field, Nothing])
def test_an_output_of_no_fixed_structure_is_not_compiled(fn: Any) -> None:
    assert blocks.compiled(fn.__wrapped__) is None


def test_a_function_without_source_is_not_compiled() -> None:
    namespace: dict[str, Any] = {"td": td}
    exec("def Made(n):\n    return td(class_='x')[str(n)]\n", namespace)  # noqa: S102 - no source file
    assert blocks.compiled(namespace["Made"]) is None


def test_hooks_closures_and_defaults_work_as_written() -> None:
    seen: list[str] = []

    def make(prefix: str) -> Any:
        @component
        def Counter(step: int = 2):
            count, set_count = use_state(0)
            return li[a(class_="inc", on_click=lambda: (seen.append(prefix), set_count(count + step)))[f"{prefix}{count}"]]
        return Counter

    Counter = make("n=")
    assert blocks.compiled(Counter.__wrapped__) is not None
    view = mount(ul[[Counter(key=i) for i in range(4)]])
    view.click(view.query_all("a")[3])
    view.click(view.query_all("a")[3])
    assert [el.text for el in view.query_all("a")] == ["n=0", "n=0", "n=0", "n=4"]
    assert seen == ["n=", "n="]


@component
def Broken(n: int):
    return li[span[str(1 // n)]]


def test_an_error_in_a_hole_names_the_component_and_the_line_it_is_on() -> None:
    view = mount(ul[[Broken(n=1, key=i) for i in range(4)]], raise_errors=False)
    view.rerender(ul[[Broken(n=0 if i == 3 else 1, key=i) for i in range(4)]])
    report = view.errors[-1]
    assert report.component == "Broken" and isinstance(report.exception, ZeroDivisionError)
    frame = traceback.extract_tb(report.exception.__traceback__)[-1]
    assert frame.filename == __file__ and frame.line == "return li[span[str(1 // n)]]"


def test_a_block_that_keeps_not_fitting_is_given_up() -> None:
    block = blocks.compiled(Cell.__wrapped__)
    assert block is not None
    block.dead = False
    mount(ul[[Cell(text="", key=i) for i in range(12)]])
    assert block.dead
    block.dead = False
    block.misses = 0


def test_hydrated_rows_stay_the_servers_nodes_when_they_update() -> None:
    view = mount(Table(), hydrate=True)
    view.commits.clear()
    view.click("#relabel")
    counts = count_ops([op for commit in view.commits for op in commit])
    assert set(counts) == {"SET_TEXT"} and counts["SET_TEXT"] == 3
    assert block_fibers(view) == 0


def test_a_memo_row_is_compiled_and_still_skips_equal_props(monkeypatch: pytest.MonkeyPatch) -> None:
    from pickle_reactor import memo

    calls: list[int] = []

    @component
    def Item(n: int, label: str):
        calls.append(n)
        return li(class_="item")[span[label], str(n)]

    Memo = memo(Item)
    assert blocks.compiled(Memo.__wrapped__) is not None
    page = lambda labels: ul[[Memo(n=i, label=label, key=i) for i, label in enumerate(labels)]]
    compiled, reference = both(page(["a", "b", "c", "d"]), monkeypatch)
    calls.clear()
    compiled.rerender(page(["a", "B", "c", "d"]))
    assert calls == [1]  # only the row whose props changed rendered
    reference.rerender(page(["a", "B", "c", "d"]))
    assert compiled.html == reference.html


def test_cloned_rows_of_a_block_given_up_become_element_rows_with_the_same_nodes(monkeypatch: pytest.MonkeyPatch) -> None:
    block = blocks.compiled(Cell.__wrapped__)
    assert block is not None
    page = lambda text: ul[[Cell(text=f"{text}{i}", key=i) for i in range(6)]]
    compiled, reference = both(page("a"), monkeypatch)
    assert block_fibers(compiled) == 4
    nodes = [el.id for el in compiled.query_all("span")]
    try:
        block.dead = True  # as when it stops fitting, or Fast Refresh swaps the function
        compiled.rerender(page("b"))
    finally:
        block.dead = False
    reference.rerender(page("b"))
    assert compiled.html == reference.html and block_fibers(compiled) == 0
    assert [el.id for el in compiled.query_all("span")] == nodes  # patched in place, not rebuilt
    compiled.click(compiled.query_all("li")[5])  # the handlers are the element rows' now


def test_a_component_made_anew_on_every_render_is_compiled_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[Any] = []
    compile_block = blocks.compile_block
    monkeypatch.setattr(blocks, "compile_block", lambda fn: calls.append(fn) or compile_block(fn))

    @component
    def Outer(label: str):
        @component
        def Inner(n: int):  # a new function, so a new component, on every render (as in React)
            return li(class_="inner")[f"{label}{n}"]
        return ul[[Inner(n=i, key=i) for i in range(4)]]

    view = mount(Outer(label="a"))
    view.rerender(Outer(label="b"))
    view.rerender(Outer(label="c"))
    assert [fn.__name__ for fn in calls] == ["Outer", "Inner"]  # one compile for twelve Inner functions
    assert [el.text for el in view.query_all("li")] == ["c0", "c1", "c2", "c3"]


@component
def Pair(n: Any, cls: Any, on_a: Any, on_b: Any):
    return li(class_=cls)[a(on_click=on_a)[n], span(on_mouseover=on_b)["b"]]


def test_a_cloned_row_checks_each_hole_and_sets_only_what_differs_from_its_template(
        monkeypatch: pytest.MonkeyPatch) -> None:
    hits: list[tuple[str, int]] = []

    def page(classes: list[Any], texts: Any = int) -> Any:
        return ul[[Pair(n=texts(i), cls=cls, on_a=lambda i=i: hits.append(("a", i)),
                        on_b=lambda i=i: hits.append(("b", i)), key=i) for i, cls in enumerate(classes)]]

    classes = ["x", "x", None, "y", "x"]  # the template (row 1) has class "x"
    compiled, reference = both(page(classes), monkeypatch)
    assert compiled.html == reference.html and block_fibers(compiled) == 3
    # rows 2-4: a CLONE each, their texts (ints, made str), class removed / set / as the template's
    ops = [NAMES[op[0]] for op in iter_ops(compiled.commits[0])]  # type: ignore[index]
    cloned = ops[ops.index("CLONE"):]  # then the inserts of rows 2-4 and of the list
    assert Counter(cloned) == {"CLONE": 3, "SET_TEXT": 3, "REMOVE_ATTR": 1, "SET_ATTR": 1, "INSERT": 4}
    compiled.click(compiled.query_all("a")[3])
    compiled.fire(compiled.query_all("span")[4], "mouseover")
    compiled.fire(compiled.query_all("span")[0], "mouseover")
    assert hits == [("a", 3), ("b", 4), ("b", 0)]
    # a value that does not fit, in a row that would be cloned: built as written, the same DOM
    compiled.rerender(page([*classes, "z"], texts=lambda i: "" if i == 5 else str(i)))
    reference.rerender(page([*classes, "z"], texts=lambda i: "" if i == 5 else str(i)))
    assert compiled.html == reference.html and block_fibers(compiled) == 3
