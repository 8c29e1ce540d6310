"""Static subtrees: shared elements whose HTML is rendered once per process (``nodes.make_static``)."""

from __future__ import annotations

from pickle_reactor import render_to_string
from pickle_reactor.core.nodes import Element
from pickle_reactor.html import a, div, li, pre, span, td, tr, ul
from pickle_reactor.svg import g, svg, text


def _unshared(node: object) -> object:
    """The same tree rebuilt from plain ``Element(...)`` calls: nothing shared, nothing pre-rendered."""
    if type(node) is not Element:
        return node
    return Element(node.tag, dict(node.props), tuple(_unshared(c) for c in node.children), node.key,
                   node.events, node.ref)


def test_a_static_subtree_built_twice_is_one_object_with_the_same_html() -> None:
    first = td(class_="col")[a(class_="remove")[span(class_="icon", aria_hidden="true")]]
    second = td(class_="col")[a(class_="remove")[span(class_="icon", aria_hidden="true")]]
    assert first is second
    assert render_to_string(first) == render_to_string(_unshared(first)) == (
        '<td class="col"><a class="remove"><span class="icon" aria-hidden="true"></span></a></td>'
    )


def test_text_handlers_keys_and_refs_are_never_shared() -> None:
    assert td(class_="c")["x"] is not td(class_="c")["x"]
    with_handler = a(class_="remove")(on_click=lambda: None)
    assert td[with_handler] is not td[with_handler]
    assert ul[li(key=1)] is not ul[li(key=1)]
    ref = object()
    assert div[span(ref=ref)] is not div[span(ref=ref)]


def test_static_html_is_what_the_walk_renders_in_every_context() -> None:
    trees = [
        tr[td(class_="a"), td[span, span(title='q"<&>')]],
        svg[g(id="x")[text(class_="t")]],  # foreign content: walked, never the cached HTML
        div[svg[g[g]]],
        pre[span],  # leading-newline element: special, walked
        ul[li, li(class_="b")[a(href="/x?a=1&b=2")]],
    ]
    for tree in trees:
        assert render_to_string(tree) == render_to_string(_unshared(tree))
    assert render_to_string(div["text", span(class_="s")]) == 'text<span class="s"></span>'.join(("<div>", "</div>"))


def test_a_static_element_inside_svg_is_checked_as_foreign_content() -> None:
    import pytest

    with pytest.raises(ValueError, match="cannot appear inside <svg>"):
        render_to_string(svg[div[span]])
