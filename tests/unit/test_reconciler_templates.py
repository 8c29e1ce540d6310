"""Repeated component output cloned from a template (core/reconciler/templates.py): the second row of
a shape becomes a TEMPLATE, the rows after it one CLONE and their own texts, and the result is the
same DOM, ids, handlers and refs as a mount op by op; anything that does not fit is mounted op by op."""

from __future__ import annotations

from typing import Any

import pytest
from test_reconciler_fast_paths import (
    Page,  # a root on the memory DOM that keeps each buffer
)

from pickle_reactor import ErrorBoundary, Markup, component, use_ref, use_state
from pickle_reactor.core.reconciler import blocks
from pickle_reactor.core.reconciler import templates as templates_module
from pickle_reactor.core.reconciler.ops import CLONE, TEMPLATE, count_ops, iter_ops
from pickle_reactor.html import a, b, li, span, svg, table, tbody, td, tr, ul


@pytest.fixture(autouse=True)
def _rows_not_compiled(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests are about templates of element output; a compiled row has its own (test_blocks.py)."""
    monkeypatch.setattr(blocks, "ENABLED", False)


def op_by_op() -> Page:
    """A page whose runtime never makes a template: the reference mount."""
    page = Page()
    page.runtime.templates.count = templates_module.MAX_TEMPLATES
    return page


@component
def Row(n: int, label: str, selected: bool = False, on_pick: Any = None):
    return tr(class_="danger" if selected else None)[
        td(class_="id")[str(n)],
        td[a(class_="lbl", on_click=lambda: on_pick(n) if on_pick else None)[label]],
        td[a(class_="remove")[span(class_="icon", aria_hidden="true")]],
    ]


def rows(count: int, **extra: Any) -> Any:
    return table[tbody[[Row(n=i, label=f"label {i}", key=i, **extra) for i in range(count)]]]


def test_the_second_row_becomes_a_template_and_the_rest_are_clones_with_their_own_texts() -> None:
    page = Page()
    ops = page.render(rows(6))
    counts = count_ops(ops)
    assert counts["TEMPLATE"] == 1 and counts["CLONE"] == 4
    template_source = [op for op in iter_ops(ops) if op[0] == TEMPLATE]
    first_rows = page.container.query_all("tr")
    assert template_source == [(TEMPLATE, 0, first_rows[1].id)]
    # a clone's ops: CLONE, then a SET_TEXT for each text that differs from the template's, then its INSERT
    clones = [i for i, op in enumerate(iter_ops(ops)) if op[0] == CLONE]
    tail = list(iter_ops(ops))[clones[0]:clones[1]]
    assert [op[0] for op in tail] == [CLONE, 6, 6, 7]  # SET_TEXT id, SET_TEXT label, INSERT
    reference = op_by_op()
    reference.render(rows(6))
    assert page.container.html == reference.container.html
    assert "CLONE" not in count_ops(reference.render(rows(7)))


def test_cloned_rows_have_the_ids_a_mount_gives_and_patch_like_any_other() -> None:
    page, reference = Page(), op_by_op()
    for p in (page, reference):
        p.render(rows(5))
    ids = lambda p: [(n.id, getattr(n, "tag", "#text")) for n in p.container.query("tbody").iter()]
    assert ids(page) == ids(reference)
    for p in (page, reference):
        p.render(table[tbody[[Row(n=i, label=f"new {i}", selected=i == 3, key=i) for i in range(5)]]])
    assert page.container.html == reference.container.html
    assert [r.attrs.get("class") for r in page.container.query_all("tr")] == [None, None, None, "danger", None]


def test_handlers_and_refs_of_cloned_rows_reach_their_own_row() -> None:
    picked: list[int] = []
    refs: dict[int, Any] = {}

    @component
    def RefRow(n: int):
        ref = use_ref(None)
        refs[n] = ref
        return li(class_="row")[span(ref=ref)[str(n)], a(on_click=lambda: picked.append(n))["pick"]]

    page = Page()
    ops = page.render(ul[[RefRow(n=i, key=i) for i in range(6)]])
    assert count_ops(ops)["CLONE"] == 4
    spans = page.container.query_all("span")
    assert [refs[i].current for i in range(6)] == [s.id for s in spans]  # the node ids the kernel numbered
    links = page.container.query_all("a")
    page.runtime.dispatch("click", [links[4].id])
    page.runtime.dispatch("click", [links[0].id])
    assert picked == [4, 0]


def test_a_state_update_in_a_cloned_row_patches_that_row() -> None:
    setters: dict[int, Any] = {}

    @component
    def Counter(n: int):
        count, set_count = use_state(0)
        setters[n] = set_count
        return li[b[str(n)], span[str(count)]]

    page = Page()
    page.render(ul[[Counter(n=i, key=i) for i in range(5)]])
    setters[3](7)
    page.runtime.flush()
    assert [s.text for s in page.container.query_all("span")] == ["0", "0", "0", "7", "0"]


def test_a_row_of_another_shape_is_mounted_op_by_op_and_then_gets_its_own_template() -> None:
    page = Page()
    ops = page.render(table[tbody[[Row(n=i, label="x", selected=i % 2 == 0, key=i) for i in range(8)]]])
    counts = count_ops(ops)
    assert counts["TEMPLATE"] == 2  # selected and not: different attributes, different shapes
    assert counts["CLONE"] == 8 - 3  # all but rows 0 and 1 (no template yet) and 2 (a miss: a new template)
    reference = op_by_op()
    reference.render(table[tbody[[Row(n=i, label="x", selected=i % 2 == 0, key=i) for i in range(8)]]])
    assert page.container.html == reference.container.html


def test_attribute_values_that_differ_from_the_templates_are_set_on_the_clone() -> None:
    @component
    def Link(n: int):
        return li(class_="item", data_n=str(n))[a(href=f"/items/{n}", title="open")[f"item {n}"]]

    page, reference = Page(), op_by_op()
    ops = page.render(ul[[Link(n=i, key=i) for i in range(5)]])
    reference.render(ul[[Link(n=i, key=i) for i in range(5)]])
    counts = count_ops(ops)
    assert counts["TEMPLATE"] == 1 and counts["CLONE"] == 3
    clones = [i for i, op in enumerate(iter_ops(ops)) if op[0] == CLONE]
    third = list(iter_ops(ops))[clones[0]:clones[1]]
    first = third[0][2]
    # data-n of the li (id first), href of the link (first + 1), the text (first + 2); class and title kept
    assert [op for op in third if op[0] in (3, 6)] == [
        (3, first, "data-n", "2"), (3, first + 1, "href", "/items/2"), (6, first + 2, "item 2")]
    assert page.container.html == reference.container.html  # attributes in the same order too


def test_other_attribute_names_are_another_shape() -> None:
    @component
    def Item(n: int):
        return li(**({"data_even": "yes"} if n % 2 == 0 else {"data_odd": "yes"}))[str(n)]

    page, reference = Page(), op_by_op()
    page.render(ul[[Item(n=i, key=i) for i in range(6)]])
    reference.render(ul[[Item(n=i, key=i) for i in range(6)]])
    assert page.container.html == reference.container.html
    assert len(page.runtime.templates.positions[(Item.__wrapped__, 0)].templates) == 2


def test_keyed_rows_written_inline_are_cloned_too() -> None:
    def item(i: int) -> Any:
        return li(key=i, data_n=str(i))[a(href=f"/items/{i}")[f"item {i}"]]

    @component
    def Items():
        count, set_count = use_state(6)
        holder["more"] = lambda: set_count(count + 5)
        return ul(class_="items")[[item(i) for i in range(count)]]

    holder: dict[str, Any] = {}
    page, reference = Page(), op_by_op()
    reference.render(Items())
    ops = page.render(Items())  # last: holder["more"] is this page's
    counts = count_ops(ops)
    assert counts["TEMPLATE"] == 1 and counts["CLONE"] == 4  # rows of a new list: the mount loop
    assert page.container.html == reference.container.html
    page.buffers = []
    holder["more"]()
    page.runtime.flush()
    appended = count_ops([op for buffer in page.buffers for op in buffer])
    assert appended["CLONE"] == 5 and "CREATE" not in appended  # rows added to a list: the keyed diff
    assert [li.attrs["data-n"] for li in page.container.query_all("li")] == [str(i) for i in range(11)]
    assert [x.text for x in page.container.query_all("a")] == [f"item {i}" for i in range(11)]


@pytest.mark.parametrize(
    "child",
    [
        pytest.param(lambda i: span[Markup("<i>x</i>")], id="Markup"),
        pytest.param(lambda i: span[None, "x"], id="a hole"),
        pytest.param(lambda i: ul[li(key="k")["x"]], id="a keyed child"),
        pytest.param(lambda i: svg[b], id="svg"),
        pytest.param(lambda i: span[[b[str(j)] for j in range(70)]], id="more than MAX_NODES nodes"),
    ],
)
def test_what_a_template_cannot_stand_for_is_always_mounted_op_by_op(child: Any) -> None:
    @component
    def Item(i: int):
        return span(class_="item")[child(i)]

    page = Page()
    page.render(ul[[Item(i=i, key=i) for i in range(5)]])
    assert page.runtime.templates.positions[(Item.__wrapped__, 0)].templates == []
    reference = op_by_op()
    reference.render(ul[[Item(i=i, key=i) for i in range(5)]])
    assert page.container.html == reference.container.html


def test_a_component_inside_the_output_keeps_it_op_by_op() -> None:
    @component
    def Inner():
        return b["in"]

    @component
    def Outer(i: int):
        return li[Inner(), str(i)]

    page = Page()
    page.render(ul[[Outer(i=i, key=i) for i in range(4)]])
    positions = page.runtime.templates.positions
    assert positions[(Outer.__wrapped__, 0)].templates == []
    assert positions[(Inner.__wrapped__, 0)].templates  # the inner component's own output may be


def test_a_position_whose_rows_keep_not_matching_stops_trying() -> None:
    @component
    def Varying(n: int):
        return li(**{f"data_c{n}": "x"})["x"]  # every row a shape of its own: its own attribute name

    page = Page()
    page.render(ul[[Varying(n=i, key=i) for i in range(100)]])
    position = page.runtime.templates.positions[(Varying.__wrapped__, 0)]
    assert position.hits == 0 and len(position.templates) == 4
    assert position.misses == templates_module.GIVE_UP  # then no more tries, so no more misses
    ops = page.render(ul[[Varying(n=i, key=i) for i in range(100, 120)]])
    assert "CLONE" not in count_ops(ops) and "TEMPLATE" not in count_ops(ops)
    assert position.misses == templates_module.GIVE_UP


def test_an_error_boundary_that_throws_its_children_away_forgets_their_templates() -> None:
    @component
    def Boom():
        raise RuntimeError("boom")

    @component
    def Item(i: int):
        return li(class_="item")[str(i)]

    @component
    def Failing():
        return ul[[Item(i=i, key=i) for i in range(4)], Boom()]

    page = Page()
    ops = page.render(ErrorBoundary(fallback=lambda error, reset: span["fallback"])[Failing()])
    assert "TEMPLATE" not in count_ops(ops)  # rolled back with the ops that built those items
    assert page.runtime.templates.count == 1 and not page.runtime.templates.positions[(Item.__wrapped__, 0)].templates
    # the same position afterwards: a new template, and clones of that one only (an unknown one would raise)
    page.render(ul[[Item(i=i, key=i) for i in range(4)]])
    assert page.container.html == "<ul>" + "".join(f'<li class="item">{i}</li>' for i in range(4)) + "</ul>"


def test_a_commit_the_backend_failed_forgets_every_template() -> None:
    page = Page()
    page.render(rows(4))
    assert page.runtime.templates.positions[(Row.__wrapped__, 0)].templates
    apply = page.runtime.apply
    page.runtime.apply = lambda ops: (_ for _ in ()).throw(RuntimeError("kernel gone"))
    page.render(rows(2))
    assert not page.runtime.templates.positions[(Row.__wrapped__, 0)].templates
    page.runtime.apply = apply


def test_the_memory_document_clones_as_the_kernel_does() -> None:
    page = Page()
    page.render(span)
    doc = page.document
    page.document.apply([1, 900, "p", "", 3, 900, "class", "x", 2, 901, "a", 7, 900, 901, 0, 2, 902, "b",
                         7, 900, 902, 0, TEMPLATE, 5, 900, 6, 901, "changed", CLONE, 5, 910])
    assert doc.templates[5].outer_html == '<p class="x">ab</p>'  # kept before the SET_TEXT after it
    assert doc.nodes[900].outer_html == '<p class="x">changedb</p>'
    copy = doc.nodes[910]
    assert copy.outer_html == '<p class="x">ab</p>' and copy.parent is None
    assert [doc.nodes[910].id, doc.nodes[911].data, doc.nodes[912].data] == [910, "a", "b"]
