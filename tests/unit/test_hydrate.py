"""Hydration: server HTML (render_to_string) parsed into the memory DOM is adopted, not rebuilt;
mismatches are repaired and reported naming the component."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from pickle_reactor import (
    Markup,
    component,
    render_to_string,
    use_effect,
    use_id,
    use_state,
)
from pickle_reactor.core.reconciler import Runtime
from pickle_reactor.core.reconciler.hydrate import parse_snapshot
from pickle_reactor.core.reconciler.ops import CREATE, CREATE_TEXT, LISTEN, iter_ops
from pickle_reactor.html import (
    button,
    div,
    h1,
    input_,
    label,
    li,
    p,
    pre,
    span,
    svg,
    textarea,
    ul,
)
from pickle_reactor.svg import circle, foreignObject
from pickle_reactor.testing import mount
from pickle_reactor.testing.document import Document
from pickle_reactor.testing.nodes import MemElement
from pickle_reactor.testing.parser import parse_html


@component
def Counter(initial: int = 0) -> Any:
    count, set_count = use_state(initial)
    return div(class_="counter")[
        h1[f"Count: {count}"],
        button(on_click=lambda: set_count(count + 1))["+"],
    ]


def hydrate(server: Any, client: Any, warnings: list[str] | None = None) -> tuple[Runtime, MemElement, list[list[Any]]]:
    """Server-render ``server``, parse it, hydrate it as ``client``; returns the runtime, the
    container and the op buffers applied."""
    document = Document()
    buffers: list[list[Any]] = []

    def apply(ops: list[Any]) -> None:
        buffers.append(list(ops))
        document.apply(ops)

    runtime = Runtime(apply, node_handle=document.node,
                      on_warning=warnings.append if warnings is not None else None)
    container = MemElement("div")
    for node in parse_html(render_to_string(server)):
        node.parent = container
        container.children.append(node)
    first = runtime.next_id
    snapshot = document.snapshot(container, first)
    runtime.hydrate(first, snapshot, client)
    return runtime, container, buffers


def test_matching_html_is_adopted_with_only_listen_ops() -> None:
    runtime, container, buffers = hydrate(Counter(initial=2), Counter(initial=2))
    html_before = container.html
    assert [op[0] for op in iter_ops(buffers[0])] == [LISTEN]
    assert container.html == html_before
    runtime.dispatch("click", [container.query("button").id], {})
    assert container.query("h1").text == "Count: 3"


def test_adopted_nodes_are_the_server_nodes() -> None:
    view_nodes = []
    runtime, container, _ = hydrate(Counter(), Counter())
    view_nodes.append(container.query("h1"))
    runtime.dispatch("click", [container.query("button").id], {})
    assert container.query("h1") is view_nodes[0]


def test_adjacent_text_nodes_separated_by_comments_hydrate() -> None:
    @component
    def Greeting(name: str) -> Any:
        return p["Hello, ", name, "!"]

    warnings: list[str] = []
    _, container, buffers = hydrate(Greeting(name="Ada"), Greeting(name="Ada"), warnings)
    assert warnings == [] and buffers == []
    assert container.query("p").text == "Hello, Ada!"


def test_hydrates_svg_pre_textarea_markup_and_void_elements() -> None:
    page = div[
        svg(viewBox="0 0 10 10")[circle(r="1"), foreignObject[p["x"]]],
        pre["\nleading newline"],
        textarea(name="t")["\nbody"],
        input_(name="q", disabled=True),
        div[Markup("<b>trusted</b>")],
        ul[(li(key=i)[str(i)] for i in range(3))],
    ]
    warnings: list[str] = []
    _, container, buffers = hydrate(page, page, warnings)
    assert warnings == []
    assert buffers == []
    assert container.query("circle").ns.endswith("svg")


def test_text_mismatch_is_patched_and_reported_with_the_component_name(caplog: pytest.LogCaptureFixture) -> None:
    @component
    def Clock(now: str) -> Any:
        return p["It is ", now]

    warnings: list[str] = []
    _, container, buffers = hydrate(Clock(now="10:00"), Clock(now="10:01"), warnings)
    assert container.query("p").text == "It is 10:01"
    assert len(warnings) == 1 and "<Clock>" in warnings[0] and "'10:00'" in warnings[0] and "'10:01'" in warnings[0]
    assert not any(op[0] == CREATE for op in iter_ops(buffers[0]))


def test_tag_mismatch_repairs_that_subtree_only() -> None:
    @component
    def Panel(kind: str) -> Any:
        return div[h1["title"], (p if kind == "p" else span)["body"], button(on_click=print)["ok"]]

    warnings: list[str] = []
    _, container, buffers = hydrate(Panel(kind="p"), Panel(kind="span"), warnings)
    assert container.query("div").html == "<h1>title</h1><span>body</span><button>ok</button>"
    created = [op for op in iter_ops(buffers[0]) if op[0] in (CREATE, CREATE_TEXT)]
    assert [op[2] for op in created] == ["span", "body"]
    assert len(warnings) == 1 and "<Panel>" in warnings[0] and "<span>" in warnings[0] and "<p>" in warnings[0]


def test_attribute_mismatch_is_patched_and_reported() -> None:
    warnings: list[str] = []
    _, container, _ = hydrate(div(class_="server", title="t"), div(class_="client"), warnings)
    assert container.query("div").attrs == {"class": "client"}
    assert len(warnings) == 2 and any("class" in w for w in warnings) and any("title" in w for w in warnings)


def test_missing_and_extra_nodes_are_repaired() -> None:
    warnings: list[str] = []
    _, container, _ = hydrate(ul[li["a"], li["b"], li["c"]], ul[li["a"], li["b"]], warnings)
    assert container.html == "<ul><li>a</li><li>b</li></ul>"
    assert any("extra <li>" in w for w in warnings)
    warnings.clear()
    _, container, _ = hydrate(ul[li["a"]], ul[li["a"], li["b"]], warnings)
    assert container.html == "<ul><li>a</li><li>b</li></ul>"
    assert any("rendered nothing" in w for w in warnings)


def test_mismatch_warnings_reach_the_log_by_default(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="pickle_reactor"):
        hydrate(p["server"], p["client"])
    assert "hydration mismatch" in caplog.text


def test_effects_run_after_hydration_and_ids_continue_after_the_snapshot() -> None:
    ran = []

    @component
    def Grows() -> Any:
        items, set_items = use_state(["a"])
        use_effect(lambda: ran.append(True), [])
        return ul[button(on_click=lambda: set_items([*items, "b"]))["add"], (li[i] for i in items)]

    runtime, container, _ = hydrate(Grows(), Grows())
    assert ran == [True]
    described = max(n.id for n in container.iter() if n.id)
    runtime.dispatch("click", [container.query("button").id], {})
    new_li = container.query_all("li")[-1]
    assert new_li.text == "b" and new_li.id > described


def test_use_id_matches_between_server_and_client() -> None:
    @component
    def Field(name: str) -> Any:
        field_id = use_id()
        return div[label(for_=field_id)[name], input_(id=field_id)]

    @component
    def Form() -> Any:
        return div[Field(name="a"), div[Field(name="b")], [Field(name="c")]]

    warnings: list[str] = []
    hydrate(Form(), Form(), warnings)
    assert warnings == []  # ids (and the `for` attributes) agree
    server_ids = [el.attrs["id"] for el in mount(Form(), hydrate=True).query_all("input")]
    assert len(set(server_ids)) == 3


def test_parse_snapshot_numbers_nodes_in_pre_order() -> None:
    snaps, end = parse_snapshot([1, "div", "", 1, "class", "a", 2, 3, "x", 1, "b", "", 0, 0, 3, "y"], 10)
    assert [s.id for s in snaps] == [11, 14]
    assert [c.id for c in snaps[0].children] == [12, 13]
    assert snaps[0].attrs == {"class": "a"} and snaps[1].text == "y" and end == 15
    with pytest.raises(ValueError, match="unknown node code"):
        parse_snapshot([7], 1)


def test_testing_mount_can_hydrate() -> None:
    view = mount(Counter(initial=5), hydrate=True)
    assert view.warnings == []
    assert view.query("h1").text == "Count: 5"
    view.click("button")
    assert view.query("h1").text == "Count: 6"
