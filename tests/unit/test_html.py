"""Every HTML element is an importable builder (API.md §1); SVG/MathML builders keep their case."""

from __future__ import annotations

import builtins
import importlib
import keyword

import pytest

from pickle_reactor import html, render_to_string, svg
from pickle_reactor.core.nodes import Element

# The WHATWG HTML Living Standard's element index (current, non-obsolete elements), written out here
# so that a name dropped from pickle_reactor.html fails this test.
WHATWG_ELEMENTS = """
a abbr address area article aside audio b base bdi bdo blockquote body br button canvas caption cite
code col colgroup data datalist dd del details dfn dialog div dl dt em embed fieldset figcaption
figure footer form h1 h2 h3 h4 h5 h6 head header hgroup hr html i iframe img input ins kbd label legend
li link main map mark math menu meta meter nav noscript object ol optgroup option output p picture pre
progress q rp rt ruby s samp script search section select slot small source span strong style sub
summary sup svg table tbody td template textarea tfoot th thead time title tr track u ul var video wbr
""".split()


@pytest.mark.parametrize("name", WHATWG_ELEMENTS)
def test_every_html_element_is_an_importable_builder(name: str) -> None:
    module = importlib.import_module("pickle_reactor.html")
    builder = getattr(module, name)
    assert type(builder) is Element
    assert builder.tag == name
    assert builder.props == {} and builder.children == ()
    assert name in module.__all__


@pytest.mark.parametrize("name", [n for n in WHATWG_ELEMENTS if keyword.iskeyword(n) or hasattr(builtins, n)])
def test_keyword_and_builtin_names_also_have_a_trailing_underscore(name: str) -> None:
    assert getattr(html, name + "_") is getattr(html, name)


def test_the_underscore_names_of_api_md_exist() -> None:
    from pickle_reactor.html import del_, input_, map_, object_

    assert [b.tag for b in (input_, del_, object_, map_)] == ["input", "del", "object", "map"]
    assert html.input is input_


def test_star_import_brings_every_builder() -> None:
    namespace: dict[str, object] = {}
    exec("from pickle_reactor.html import *", namespace)
    assert {"div", "input", "input_", "del_", "object_", "map_", "svg"} <= set(namespace)


def test_custom_elements_through_attribute_access() -> None:
    assert html.my_widget.tag == "my-widget"
    assert render_to_string(html.my_widget(size="3")["x"]) == '<my-widget size="3">x</my-widget>'


def test_unknown_names_raise_attribute_error_with_a_hint() -> None:
    with pytest.raises(AttributeError, match=r"h\('blink'\)"):
        html.blink  # noqa: B018


def test_builders_render_as_empty_elements() -> None:
    assert render_to_string(html.div) == "<div></div>"
    assert render_to_string(html.br) == "<br>"
    assert str(html.span) == "<span></span>"


@pytest.mark.parametrize(
    "name", ["svg", "g", "circle", "path", "foreignObject", "linearGradient", "textPath", "clipPath", "math", "mi"]
)
def test_svg_and_mathml_builders_keep_their_case(name: str) -> None:
    assert getattr(svg, name).tag == name


def test_svg_builders_that_shadow_builtins_have_underscore_aliases() -> None:
    assert svg.filter_ is svg.filter and svg.filter.tag == "filter"
    assert svg.set_ is svg.set and svg.set.tag == "set"


def test_names_shared_with_html_are_the_same_tags() -> None:
    for name in ("a", "script", "style", "title"):
        assert getattr(svg, name).tag == getattr(html, name).tag == name
