"""The memory DOM: op buffer decoding, the HTML parser, selectors, serialisation and snapshots."""

from __future__ import annotations

from typing import Any

import pytest

from pickle_reactor import Markup, render_to_string
from pickle_reactor.core.reconciler.ops import (
    CREATE,
    CREATE_TEXT,
    INSERT,
    LISTEN,
    REMOVE,
    REMOVE_ATTR,
    SET_ATTR,
    SET_HTML,
    SET_PROP,
    SET_TEXT,
    format_ops,
)
from pickle_reactor.html import (
    a,
    div,
    input_,
    li,
    option,
    p,
    pre,
    script,
    select,
    span,
    svg,
    textarea,
    ul,
)
from pickle_reactor.svg import SVG_NAMESPACE, circle, linearGradient
from pickle_reactor.testing.document import Document
from pickle_reactor.testing.nodes import MemComment, MemElement
from pickle_reactor.testing.parser import parse_html


def container_of(markup: str) -> MemElement:
    box = MemElement("div")
    for node in parse_html(markup):
        node.parent = box
        box.children.append(node)
    return box


def test_apply_decodes_every_op() -> None:
    doc = Document()
    root = doc.create_container(1)
    doc.apply([CREATE, 2, "ul", "", SET_ATTR, 2, "class", "list", CREATE, 3, "li", "", CREATE_TEXT, 4, "a",
               INSERT, 3, 4, 0, INSERT, 2, 3, 0, CREATE, 5, "li", "", INSERT, 2, 5, 3, INSERT, 1, 2, 0,
               LISTEN, 1, "click"])
    assert root.html == '<ul class="list"><li></li><li>a</li></ul>'
    doc.apply([SET_TEXT, 4, "b", REMOVE_ATTR, 2, "class", INSERT, 2, 5, 0, SET_HTML, 5, "<i>x</i>"])
    assert root.html == "<ul><li>b</li><li><i>x</i></li></ul>"
    doc.apply([REMOVE, 3])
    assert root.html == "<ul><li><i>x</i></li></ul>" and 3 not in doc.nodes and 4 not in doc.nodes
    assert doc.listening == {1: {"click"}}


def test_set_prop_changes_live_state_not_attributes() -> None:
    doc = Document()
    doc.create_container(1)
    doc.apply([CREATE, 2, "input", "", SET_ATTR, 2, "value", "a", SET_PROP, 2, "value", "b",
               CREATE, 3, "input", "", SET_PROP, 3, "checked", 1])
    field, box = doc.nodes[2], doc.nodes[3]
    assert field.value == "b" and field.attrs["value"] == "a"
    assert box.checked is True and "checked" not in box.attrs
    with pytest.raises(ValueError, match="unknown op"):
        doc.apply([99])


def test_unknown_set_prop_is_an_error() -> None:
    doc = Document()
    doc.apply([CREATE, 1, "input", ""])
    with pytest.raises(ValueError, match="unsupported property 'hidden'"):
        doc.apply([SET_PROP, 1, "hidden", 1])


def test_format_ops_is_readable() -> None:
    assert format_ops([CREATE, 1, "p", "", INSERT, 0, 1, 0]) == "CREATE 1 'p' ''\nINSERT 0 1 0"


@pytest.mark.parametrize(
    "node",
    [
        div(class_="a b", id="x")[p["one & <two>"], span(hidden=True)],
        pre["\n\nkeep newlines"],
        textarea["\nbody <b>"],
        ul[(li(key=i)[str(i), " & ", str(i)] for i in range(3))],
        script['if (a < b && c > d) { x = "</div>" }'],
        svg(viewBox="0 0 1 1")[linearGradient(gradientUnits="userSpaceOnUse"), circle(r="1")],
        div[input_(value='say "hi"', disabled=True), a(href="/x?a=1&b=2")["link"]],
    ],
)
def test_parser_reads_back_what_ssr_writes(node: Any) -> None:
    html = render_to_string(node)
    box = container_of(html)
    assert box.html.replace("<!-- -->", "") == html.replace("<!-- -->", "")


def test_parser_keeps_svg_case_and_namespaces() -> None:
    box = container_of('<svg viewbox="0 0 1 1"><lineargradient></lineargradient><foreignobject><p>x</p></foreignobject></svg>')
    svg_el = box.elements[0]
    assert svg_el.ns == SVG_NAMESPACE and svg_el.attrs == {"viewBox": "0 0 1 1"}
    assert [c.tag for c in svg_el.elements] == ["linearGradient", "foreignObject"]
    assert svg_el.query("p").ns == ""


def test_parser_keeps_comments_between_text_nodes() -> None:
    box = container_of("a<!-- -->b")
    assert [type(n).__name__ for n in box.children] == ["MemText", "MemComment", "MemText"]
    assert box.text == "ab"


@pytest.mark.parametrize(
    ("selector", "expected"),
    [
        ("li", ["1", "2", "3"]),
        ("#two", ["2"]),
        (".item.odd", ["1", "3"]),
        ("[data-n=2]", ["2"]),
        ('[data-n="3"]', ["3"]),
        ("[data-n]", ["1", "2", "3"]),
        ("ul li.odd", ["1", "3"]),
        ("section > ul > li#two", ["2"]),
        ("div li", []),
        ("li#two, li[data-n=3]", ["2", "3"]),
        ("*[data-n='1']", ["1"]),
    ],
)
def test_selectors(selector: str, expected: list[str]) -> None:
    box = container_of(render_to_string(
        p["x"],
    ) + render_to_string(
        ul[li(class_="item odd", data_n="1")["1"], li(class_="item", id="two", data_n="2")["2"],
           li(class_="item odd", data_n="3")["3"]]
    ))
    section = MemElement("section")
    for child in box.children:
        child.parent = section
        section.children.append(child)
    section.parent = box
    box.children = [section]
    assert [el.text for el in box.query_all(selector)] == expected


@pytest.mark.parametrize("selector", ["li:first-child", "a + b", "li::before", "", "ul >"])
def test_unsupported_selectors_raise(selector: str) -> None:
    with pytest.raises(ValueError):
        container_of("<ul></ul>").query(selector)


def test_form_values() -> None:
    box = container_of(render_to_string(div[
        input_(name="q", value="v"), input_(type="checkbox", checked=True), textarea["text"],
        select[option(value="a")["A"], option(selected=True)["B"]],
    ]))
    assert box.query("input[name=q]").value == "v"
    assert box.query("input[type=checkbox]").checked is True
    assert box.query("textarea").value == "text"
    chooser = box.query("select")
    assert chooser.value == "B"
    chooser.value = "a"
    assert chooser.value == "a"


def test_snapshot_describes_the_tree_in_pre_order_and_skips_comments_and_props() -> None:
    box = container_of('<script type="application/json" data-pr-props>{}</script><p class="a">x<!-- -->y</p>')
    doc = Document()
    snapshot = doc.snapshot(box, 7)
    assert snapshot == [1, "p", "", 1, "class", "a", 2, 3, "x", 3, "y"]
    assert doc.nodes[7] is box and doc.nodes[8].tag == "p" and doc.nodes[10].data == "y"
    assert any(isinstance(n, MemComment) and n.id == 0 for n in box.iter())


def test_markup_becomes_inner_html() -> None:
    doc = Document()
    doc.create_container(1)
    doc.apply([CREATE, 2, "div", "", SET_HTML, 2, str(Markup("<p>a</p>b"))])
    assert doc.nodes[2].html == "<p>a</p>b"
