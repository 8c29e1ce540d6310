"""The update fast paths: an unchanged component element is not rendered again (wherever the keyed
diff meets it), an emptied or wholly replaced child list is one CLEAR op, the cyclic collector is
paused during a flush, and the element builders' shortcuts give the same nodes as the long way."""

from __future__ import annotations

import gc
from typing import Any

import pytest

from pickle_reactor import component, create_portal, use_effect, use_state
from pickle_reactor.core.nodes import Element
from pickle_reactor.core.reconciler import Runtime
from pickle_reactor.core.reconciler.ops import CLEAR, count_ops
from pickle_reactor.html import li, p, span, tbody, td, tr, ul
from pickle_reactor.testing import mount
from pickle_reactor.testing.document import Document


class Page:
    """A root on the memory DOM that keeps each commit's buffer."""

    def __init__(self) -> None:
        self.document = Document()
        self.buffers: list[list[Any]] = []
        self.runtime = Runtime(self._apply)
        self.container = self.document.create_container(self.runtime.new_id())
        self.root = self.runtime.create_root(self.container.id)

    def _apply(self, ops: list[Any]) -> None:
        self.buffers.append(list(ops))
        self.document.apply(ops)

    def render(self, node: Any) -> list[Any]:
        self.buffers = []
        self.root.render(node)
        return [op for buffer in self.buffers for op in buffer]


def fresh_html(node: Any) -> str:
    page = Page()
    page.render(node)
    return page.container.html


# --- CLEAR ------------------------------------------------------------------------------------------


def test_emptying_a_keyed_list_is_one_clear_op() -> None:
    page = Page()
    page.render(ul[[li(key=i)[str(i)] for i in range(5)]])
    removed = [el.id for el in page.container.query_all("li")]
    ops = page.render(ul[[]])
    list_id = page.container.query("ul").id
    assert ops == [CLEAR, list_id]
    assert page.container.html == "<ul></ul>"
    assert not set(removed) & set(page.document.nodes)  # ids of the removed nodes are released


def test_replacing_every_child_clears_once_then_inserts_the_new_ones() -> None:
    page = Page()
    page.render(ul[[li(key=i)[str(i)] for i in range(3)]])
    ops = page.render(ul[[li(key=i)[str(i)] for i in range(10, 14)]])
    counts = count_ops(ops)
    assert counts["CLEAR"] == 1 and "REMOVE" not in counts
    # the four li into the list, and each li's text into it unless the li is a clone (a keyed row)
    assert counts["INSERT"] == 4 + counts.get("CREATE_TEXT", 0)
    assert page.container.html == fresh_html(ul[[li(key=i)[str(i)] for i in range(10, 14)]])


def test_a_list_that_keeps_one_child_removes_the_others_one_by_one() -> None:
    page = Page()
    page.render(ul[[li(key=i)[str(i)] for i in range(3)]])
    ops = page.render(ul[[li(key=1)["1"], li(key=7)["7"]]])
    counts = count_ops(ops)
    assert "CLEAR" not in counts and counts["REMOVE"] == 2
    assert page.container.html == "<ul><li>1</li><li>7</li></ul>"


def test_clearing_unmounts_components_runs_cleanups_and_empties_their_portals() -> None:
    cleaned: list[str] = []

    @component
    def Item(name: str) -> Any:
        use_effect(lambda: (lambda: cleaned.append(name)), [])
        return [li[name], create_portal(span[name], "#modal-root")]

    @component
    def List() -> Any:
        names, set_names = use_state(["a", "b", "c"])
        return ul(id="list", on_click=lambda: set_names([]))[[Item(key=n, name=n) for n in names]]

    view = mount(List(), page='<div id="modal-root"></div>')
    assert [el.text for el in view.query_all("#modal-root span")] == ["a", "b", "c"]
    view.click("#list")
    assert view.query_all("#list li") == []
    assert view.query_all("#modal-root span") == []
    assert sorted(cleaned) == ["a", "b", "c"]


def test_a_component_whose_children_all_go_removes_them_without_clear() -> None:
    """A component owns no DOM node: its parent element may hold other children, so no CLEAR."""

    @component
    def Rows(n: int) -> Any:
        return [li(key=i)[str(i)] for i in range(n)]

    page = Page()
    page.render(ul[li["first"], Rows(n=3), li["last"]])
    ops = page.render(ul[li["first"], Rows(n=0), li["last"]])
    assert count_ops(ops) == {"REMOVE": 3}
    assert page.container.html == "<ul><li>first</li><li>last</li></ul>"


# --- unchanged component elements -------------------------------------------------------------------


def rows_app(renders: list[str]) -> tuple[Any, dict[str, Any]]:
    """A list whose parent keeps each row's element object while the row is unchanged."""

    @component
    def Row(name: str) -> Any:
        renders.append(name)
        count, set_count = use_state(0)
        handles[name] = set_count
        return li(key=name)[f"{name}{count}"]

    handles: dict[str, Any] = {}
    cache: dict[str, Any] = {}

    def element(name: str) -> Any:
        if name not in cache:
            cache[name] = Row(key=name, name=name)
        return cache[name]

    @component
    def List(order: tuple[str, ...]) -> Any:
        return ul[[element(name) for name in order]]

    handles["List"] = List
    return List, handles


@pytest.mark.parametrize("order", [
    ("a", "b", "c", "d", "e"),  # all in the common prefix
    ("x", "a", "b", "c", "d", "e"),  # all in the common suffix
    ("a", "d", "c", "b", "e"),  # the middle, moved
    ("e", "d", "c", "b", "a"),  # reversed
    ("b", "c", "x", "a", "e"),  # moved, one new, one gone
])
def test_an_unchanged_component_element_is_not_rendered_again(order: tuple[str, ...]) -> None:
    renders: list[str] = []
    List, _ = rows_app(renders)
    page = Page()
    page.render(List(order=("a", "b", "c", "d", "e")))
    renders.clear()
    page.render(List(order=order))
    assert renders == [name for name in order if name == "x"]  # only the new row renders
    assert page.container.html == fresh_html(List(order=order))


def test_an_unchanged_element_whose_own_state_changed_still_renders() -> None:
    renders: list[str] = []
    List, handles = rows_app(renders)
    page = Page()
    page.render(List(order=("a", "b", "c")))
    renders.clear()
    handles["b"](5)  # b's own update, batched with a parent render that passes the same element
    page.render(List(order=("c", "b", "a")))
    assert renders == ["b"]
    assert page.container.html == "<ul><li>c0</li><li>b5</li><li>a0</li></ul>"


# --- moves found at the ends of the middle, placed one by one ------------------------------------------


def long_rows(renders: list[str], n: int = 200) -> tuple[Any, list[str]]:
    names = [f"r{i}" for i in range(n)]
    List, _ = rows_app(renders)
    return List, names


@pytest.mark.parametrize(("change", "inserts"), [
    (lambda names: [names[0], names[-2], *names[2:-2], names[1], names[-1]], 2),  # swap 2nd and 2nd-to-last
    (lambda names: [*names[1:], names[0]], 1),  # first to last
    (lambda names: [names[-1], *names[:-1]], 1),  # last to first
    (lambda names: [names[0], names[5], *names[1:5], *names[6:]], 1),  # one row up, near the front
])
def test_moves_of_unchanged_rows_render_nothing_and_insert_only_the_moved(change: Any, inserts: int) -> None:
    renders: list[str] = []
    List, names = long_rows(renders)
    page = Page()
    page.render(List(order=tuple(names)))
    before = {el.text: el for el in page.container.query_all("li")}
    renders.clear()
    order = tuple(change(names))
    ops = page.render(List(order=order))
    assert renders == []
    assert count_ops(ops) == {"INSERT": inserts}
    assert [el.text for el in page.container.query_all("li")] == [f"{name}0" for name in order]
    assert all(before[el.text] is el for el in page.container.query_all("li"))  # the same DOM nodes


def test_a_swap_next_to_a_changed_row_patches_the_changed_one_in_place() -> None:
    renders: list[str] = []
    List, names = long_rows(renders, 50)
    page = Page()
    page.render(List(order=tuple(names)))
    renders.clear()
    order = [names[0], names[48], *names[2:48], "new", names[1], names[49]]
    page.render(List(order=tuple(order)))
    assert renders == ["new"]
    assert page.container.html == fresh_html(List(order=tuple(order)))


def stateful_list(renders: list[str], names: list[str]) -> tuple[Page, dict[str, Any]]:
    """rows_app's rows under a parent that holds the order in state: its updates are lone commits."""
    _, handles = rows_app(renders)
    row = handles["List"].__wrapped__  # the undecorated List: builds the ul from cached rows

    @component
    def Holder() -> Any:
        order, handles["set_order"] = use_state(tuple(names))
        return row(order=order)

    page = Page()
    page.render(Holder())
    return page, handles


def spy_identity_scan(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """One entry per identity comparison the keyed diff's C scan (``map(is_, ...)``) makes."""
    from pickle_reactor.core.reconciler import children

    compared: list[int] = []
    real_is = children.is_
    monkeypatch.setattr(children, "is_", lambda a, b: compared.append(1) or real_is(a, b))
    return compared


def test_a_lone_update_finds_the_unchanged_ends_of_a_long_list_with_c_loops(monkeypatch: pytest.MonkeyPatch) -> None:
    renders: list[str] = []
    names = [f"r{i}" for i in range(300)]
    page, handles = stateful_list(renders, names)
    compared = spy_identity_scan(monkeypatch)
    renders.clear()
    order = [*names[:150], "x", *names[151:]]  # one row replaced in the middle
    handles["set_order"](tuple(order))
    page.buffers = []
    page.runtime.flush()
    assert renders == ["x"]
    assert len(compared) >= 300  # both ends were scanned by map(is_, ...), not the Python loop
    assert page.container.html == fresh_html(handles["List"](order=tuple(order)))


@pytest.mark.parametrize(("change", "inserts"), [
    (lambda names: [names[0], names[-2], *names[2:-2], names[1], names[-1]], 2),  # swap 2nd and 2nd-to-last
    (lambda names: [names[0], names[30], *names[2:30], names[1], *names[31:]], 2),  # swap inside
    (lambda names: [*names[1:], names[0]], 1),  # first to last
    (lambda names: [names[-1], *names[:-1]], 1),  # last to first
])
def test_a_lone_update_moving_rows_takes_the_rows_in_line_at_once(change: Any, inserts: int) -> None:
    renders: list[str] = []
    names = [f"r{i}" for i in range(200)]
    page, handles = stateful_list(renders, names)
    before = {el.text: el for el in page.container.query_all("li")}
    renders.clear()
    order = tuple(change(names))
    handles["set_order"](order)
    page.buffers = []
    page.runtime.flush()
    ops = [op for buffer in page.buffers for op in buffer]
    assert renders == [] and count_ops(ops) == {"INSERT": inserts}
    assert [el.text for el in page.container.query_all("li")] == [f"{name}0" for name in order]
    assert all(before[el.text] is el for el in page.container.query_all("li"))


def test_a_row_with_its_own_update_in_the_same_flush_still_renders_in_a_long_list(monkeypatch: pytest.MonkeyPatch) -> None:
    renders: list[str] = []
    names = [f"r{i}" for i in range(100)]
    page, handles = stateful_list(renders, names)
    compared = spy_identity_scan(monkeypatch)
    renders.clear()
    handles["r40"](7)  # the row's own update, batched with its parent's: no lone commit, no shortcut
    handles["set_order"](tuple(names[:99]))
    page.runtime.flush()
    assert compared == []  # every child walked, in tree order
    assert renders == ["r40"]
    assert "r407" in page.container.html and page.container.html.count("<li>") == 99


@component
def Flip(name: str, flipped: bool) -> Any:
    """Two keyed children that change order with a prop: the component's own moves wait for its parent."""
    kids = [li(key="a")[f"{name}a"], li(key="b")[f"{name}b"]]
    return kids[::-1] if flipped else kids


def test_a_long_list_places_the_inner_moves_of_a_row_that_stayed() -> None:
    cache: dict[tuple[int, bool], Any] = {}

    def row(i: int, flipped: bool = False) -> Any:
        return cache.setdefault((i, flipped), Flip(key=i, name=str(i), flipped=flipped))

    page = Page()
    page.render(ul[[row(i) for i in range(60)]])
    order = [row(i, flipped=(i == 30)) for i in range(60)]
    order[1], order[58] = order[58], order[1]  # and a swap: a sparse placing pass
    ops = page.render(ul[order])
    assert page.container.html == fresh_html(ul[[row(i, flipped=(i == 30)) for i in [0, 58, *range(2, 58), 1, 59]]])
    assert count_ops(ops) == {"INSERT": 5}  # the two swapped rows (two nodes each) and one flipped child


# --- the cyclic collector ---------------------------------------------------------------------------


def test_a_flush_pauses_the_cyclic_collector_and_restores_it() -> None:
    seen: list[bool] = []

    @component
    def Probe() -> Any:
        seen.append(gc.isenabled())
        return p["x"]

    assert gc.isenabled()
    Page().render(Probe())
    assert seen == [False] and gc.isenabled()


def test_a_collector_the_app_turned_off_stays_off() -> None:
    seen: list[bool] = []

    @component
    def Probe() -> Any:
        seen.append(gc.isenabled())
        return p["x"]

    gc.disable()
    try:
        Page().render(Probe())
        assert seen == [False] and not gc.isenabled()
    finally:
        gc.enable()


@pytest.fixture
def collect_later(monkeypatch: pytest.MonkeyPatch) -> Any:
    """The browser's setting: a commit's due collection is asked for at idle (``asked`` counts the
    requests); a low threshold makes every commit bring one due."""
    from pickle_reactor.core.reconciler import root as root_module

    asked: list[int] = []
    monkeypatch.setattr(root_module._CollectorPaused, "later", lambda: asked.append(1))
    monkeypatch.setattr(root_module, "_DEFER_LIMIT", 10**6)  # only the limit's own test has one
    threshold = gc.get_threshold()
    gc.set_threshold(100, *threshold[1:])
    try:
        yield asked
    finally:
        root_module.collect_now()
        gc.set_threshold(*threshold)
        gc.enable()


def rows_page(n: int) -> tuple[Page, Any]:
    @component
    def Rows(count: int, first: int = 0) -> Any:
        return ul[[li(key=i)[str(i)] for i in range(first, first + count)]]

    page = Page()
    page.render(Rows(count=n))
    return page, Rows


def test_a_due_collection_waits_for_idle_with_the_collector_off(collect_later: list[int]) -> None:
    from pickle_reactor.core.reconciler.root import collect_now

    page, Rows = rows_page(200)
    assert collect_later == [1] and not gc.isenabled()  # asked once, the collector still off
    page.render(Rows(count=200, first=1000))  # another commit before idle: no second request
    assert collect_later == [1] and not gc.isenabled()
    collect_now()  # the idle callback
    assert gc.isenabled()
    collect_now()  # a late second call does nothing
    assert gc.isenabled() and collect_later == [1]
    page.render(Rows(count=200, first=2000))
    assert collect_later == [1, 1]  # the next due collection is asked for again
    assert page.container.html == fresh_html(Rows(count=200, first=2000))


def test_a_collection_left_waiting_too_long_runs_at_once(collect_later: list[int], monkeypatch: pytest.MonkeyPatch) -> None:
    from pickle_reactor.core.reconciler import root as root_module

    monkeypatch.setattr(root_module, "_DEFER_LIMIT", 25)
    page, Rows = rows_page(50)
    assert collect_later == [1] and not gc.isenabled()
    page.render(Rows(count=1000, first=5000))  # far more than 25 thresholds' worth of objects before idle came
    assert gc.isenabled()  # collected now, not later
    assert collect_later == [1]


def test_one_large_commit_leaves_its_collection_to_idle_however_much_it_allocated(
    collect_later: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    from pickle_reactor.core.reconciler import root as root_module

    monkeypatch.setattr(root_module, "_DEFER_LIMIT", 25)
    due = gc.get_threshold()[0]
    page, Rows = rows_page(1000)  # far more than 25 thresholds' worth of objects, in one commit
    assert gc.get_count()[0] >= 25 * due  # the limit was passed: it does not apply to the first commit
    assert collect_later == [1] and not gc.isenabled()  # asked for at idle, not collected in the click
    root_module.collect_now()
    assert gc.isenabled()
    assert page.container.html == fresh_html(Rows(count=1000))


def test_the_app_s_own_collector_setting_wins_over_idle_collection(collect_later: list[int]) -> None:
    gc.disable()
    rows_page(50)
    assert collect_later == [] and not gc.isenabled()


# --- builder shortcuts ------------------------------------------------------------------------------


def test_an_attribute_set_to_none_is_cached_and_means_no_attribute() -> None:
    first = tr(class_=None)
    assert first is tr(class_=None)
    assert first.props == {} and first == tr
    assert tr(class_="danger").props == {"class": "danger"}
    with pytest.raises((TypeError, ValueError)):
        tr(**{"x onmouseover": None})  # names are still validated


def test_an_element_with_handlers_shares_its_attributes_and_keeps_every_handler() -> None:
    from pickle_reactor.core.attributes import collect_attrs
    from pickle_reactor.html import button

    def go() -> None: ...

    def key(event: Any) -> None: ...

    kwattrs = {"type": "button", "class_": "btn", "id": "go", "on_click": go, "on_key_down": key, "title": None}
    made = button(**kwattrs)
    props, _, events, _ = collect_attrs("button", {}, None, (), dict(kwattrs))  # the long way
    assert made.props == props and made.events == events == {"click": go, "keydown": key}
    assert made.props is button(type="button", class_="btn", id="go", on_click=key, title=None).props  # shared
    assert made.__html__() == '<button type="button" class="btn" id="go"></button>'
    with pytest.raises(TypeError, match="must be callable"):
        button(class_="x", on_click="alert(1)")  # a string handler still fails the long way
    with pytest.raises(ValueError, match="invalid event handler name"):
        button(class_="x", on_=go)


def test_a_list_of_children_gives_the_same_element_as_a_tuple() -> None:
    @component
    def Cell(text: str) -> Any:
        return td[text]

    kids = [Cell(text="a"), "b", td["c"]]
    assert tbody[kids] == tbody[tuple(kids)]
    assert type(tbody[kids].children) is tuple
    # what needs flattening still is: holes, numbers, nested lists
    nested = tbody[[td["a"], None, 3, [td["b"]], ""]]
    assert [type(child) for child in nested.children] == [Element, type(None), str, Element]
    assert nested.children[2] == "3"


def test_a_long_list_of_children_is_taken_as_it_is_and_flattened_when_it_must_be() -> None:
    @component
    def Cell(text: str) -> Any:
        return td[text]

    rows = [tr(key=i)[td[str(i)]] for i in range(40)]
    cells = [Cell(text=str(i), key=i) for i in range(40)]
    assert tbody[rows].children == tuple(rows) and tbody[cells].children == tuple(cells)
    assert tbody[rows + cells] == tbody[tuple(rows + cells)]
    long_nested = tbody[[*rows, None, 3, [td["b"]], ""]]  # a hole, a number, a nested list, empty text
    assert long_nested.children == (*rows, None, "3", td["b"])
    # static: a long list of static cells is one shared element, rendered once (as a short one)
    static_cells = [td(class_="c")] * 20
    assert tr[static_cells] is tr[static_cells] and tr[static_cells]._html == "<tr>" + '<td class="c"></td>' * 20 + "</tr>"
    assert tr[rows]._html is None


def test_a_list_whose_last_diff_failed_is_diffed_by_its_fibers_not_by_identity() -> None:
    """A render that fails halfway through a long list (here a duplicate key, reported) leaves some
    rows patched and some not; the next lone commit must not trust the failed render's nodes to say
    which rows are unchanged, or a row patched in neither would keep its old text."""
    made: dict[tuple[str, str], Any] = {}

    def row(key: str, label: str) -> Any:
        return made.setdefault((key, label), li(key=key)[label])

    setter: dict[str, Any] = {}

    @component
    def Holder() -> Any:
        rows, setter["set"] = use_state([(f"k{i}", "a") for i in range(40)])
        return ul[[row(key, label) for key, label in rows]]

    reports: list[Any] = []
    page = Page()
    page.runtime.on_error = reports.append
    page.render(Holder())
    relabelled = [(f"k{i}", "a") for i in range(39)] + [("k39", "b")]
    failing = list(relabelled)
    failing[6] = ("k5", "dup")  # a duplicate key, as many rows as before: the commit fails
    setter["set"](failing)
    page.runtime.flush()
    assert reports and "k5" in str(reports[-1].exception)
    setter["set"](relabelled)  # the last row is the very element of the failed render
    page.runtime.flush()
    assert [el.text for el in page.container.query_all("li")] == [label for _, label in relabelled]
