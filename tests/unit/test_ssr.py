"""render_to_string / iter_render follow the HTML serialisation rules (API.md §2, DESIGN.md §3).

Exact strings pin the format; ``parse`` (html5lib, a spec-conforming parser) checks that the browser
builds exactly the VDOM's tree from them.
"""

from __future__ import annotations

import re

import pytest
from ssr_dom import MATH_NS, SVG_NS, comments, expected, parse

from pickle_reactor import Fragment, Markup, h, iter_render, render_to_string
from pickle_reactor import svg as s
from pickle_reactor.core.markup import comment, escape_attr, escape_text
from pickle_reactor.core.nodes import Element
from pickle_reactor.core.spec import VOID_ELEMENTS
from pickle_reactor.html import (
    a,
    b,
    br,
    div,
    hr,
    img,
    input_,
    li,
    listing,
    meta,
    p,
    pre,
    script,
    span,
    style,
    table,
    tbody,
    td,
    textarea,
    title,
    tr,
    ul,
)


def round_trips(node: Element) -> bool:
    return parse(render_to_string(node)) == [expected(node)]


# --- text and attributes --------------------------------------------------------------------------


def test_text_escapes_amp_lt_gt_and_nothing_else() -> None:
    assert render_to_string(p["<script>alert('x') & \"y\"</script>"]) == (
        "<p>&lt;script&gt;alert('x') &amp; \"y\"&lt;/script&gt;</p>"
    )


def test_entities_in_text_are_text_not_entities() -> None:
    node = p["&amp; &lt; &#60; &nbsp"]
    assert render_to_string(node) == "<p>&amp;amp; &amp;lt; &amp;#60; &amp;nbsp</p>"
    assert round_trips(node)


def test_attribute_values_escape_amp_quote_lt_gt() -> None:
    assert render_to_string(div(title="a\"b<c>&d'e")) == '<div title="a&quot;b&lt;c&gt;&amp;d\'e"></div>'


def test_attribute_order_is_kept_and_values_always_quoted() -> None:
    assert render_to_string(a(href="/x", class_="c", id="i")) == '<a href="/x" class="c" id="i"></a>'


def test_carriage_returns_survive_the_parser() -> None:
    node = div(title="a\r\nb\r")["x\r\ny\r"]
    assert render_to_string(node) == '<div title="a&#13;\nb&#13;">x&#13;\ny&#13;</div>'
    assert round_trips(node)


def test_nul_becomes_the_replacement_character_as_the_parser_would() -> None:
    assert escape_text("a\0b") == "a\ufffdb"
    assert escape_attr("a\0b") == "a\ufffdb"


def test_markup_is_inserted_unescaped() -> None:
    assert render_to_string(div[Markup("<b>&amp;</b>")]) == "<div><b>&amp;</b></div>"


def test_render_accepts_text_none_lists_and_generators() -> None:
    assert render_to_string("a<b") == "a&lt;b"
    assert render_to_string(None) == ""
    assert render_to_string([p["x"], None, "y"]) == "<p>x</p>y"
    assert render_to_string(li[str(i)] for i in range(2)) == "<li>0</li><li>1</li>"


def test_no_pretty_printing() -> None:
    node = div[ul[li["a"], li["b"]], p[span["c"]]]
    assert render_to_string(node) == "<div><ul><li>a</li><li>b</li></ul><p><span>c</span></p></div>"


def test_str_and_html_of_an_element_render_it() -> None:
    node = p(class_="x")["y"]
    assert str(node) == node.__html__() == '<p class="x">y</p>'


# --- adjacent text --------------------------------------------------------------------------------


def test_adjacent_text_nodes_are_separated_by_an_empty_comment() -> None:
    node = p["Count: ", 3, "!"]
    assert render_to_string(node) == "<p>Count: <!-- -->3<!-- -->!</p>"
    assert parse(render_to_string(node)) == [("p", {}, ["Count: ", "3", "!"])]


def test_text_around_an_element_needs_no_separator() -> None:
    assert render_to_string(p["a", b["b"], "c"]) == "<p>a<b>b</b>c</p>"


def test_text_separated_across_fragments_and_top_level_lists() -> None:
    assert render_to_string(p["a", Fragment["b", "c"]]) == "<p>a<!-- -->b<!-- -->c</p>"
    assert render_to_string(["a", "b"]) == "a<!-- -->b"
    assert render_to_string(Fragment["a", "b"]) == "a<!-- -->b"


# --- raw text: script and style -------------------------------------------------------------------


def test_script_and_style_content_is_never_entity_escaped() -> None:
    code = "if (a < b && c > d) { x = \"&amp;\"; }"
    assert render_to_string(script[code]) == f"<script>{code}</script>"
    assert render_to_string(style["a > b { content: '&' }"]) == "<style>a > b { content: '&' }</style>"
    assert round_trips(div[script[code], style["a > b"]])


@pytest.mark.parametrize("end", ["</script>", "</SCRIPT>", "</ScRiPt >", "</script/>", "</script\t", "</script"])
def test_script_end_tags_in_content_are_neutralised_case_insensitively(end: str) -> None:
    html = render_to_string(div[script[f"var s = '{end}<img src=x onerror=alert(1)>';"], span(id="after")])
    tree = parse(html)
    assert len(tree) == 1
    _, _, children = tree[0]
    assert [child[0] for child in children] == ["script", "span"]  # nothing escaped the script
    assert re.search(r"</script", children[0][2][0], re.IGNORECASE) is None


def test_script_neutralisation_keeps_the_javascript_meaning() -> None:
    html = render_to_string(script["'</script>' + '<Script>'"])
    # \u0073 is "s" in JS strings, regexes, template literals, JSON strings and identifiers.
    assert html == "<script>'</\\u0073cript>' + '<\\u0053cript>'</script>"


def test_an_html_comment_opener_in_a_script_cannot_swallow_the_page() -> None:
    # "<!--<script>" would put the parser in the double-escaped state, where </script> does not end it.
    html = render_to_string(div[script["x = '<!--<script>';"], span(id="after")])
    assert [child[0] for child in parse(html)[0][2]] == ["script", "span"]


@pytest.mark.parametrize("end", ["</style>", "</STYLE>", "</Style "])
def test_style_end_tags_in_content_are_neutralised(end: str) -> None:
    html = render_to_string(div[style[f"a {{ }} {end}<img src=x onerror=alert(1)>"], span])
    assert [child[0] for child in parse(html)[0][2]] == ["style", "span"]


def test_raw_text_elements_hold_text_only() -> None:
    with pytest.raises(ValueError, match="<script> may only contain plain text, not Element"):
        render_to_string(script[span["x"]])


def test_raw_text_joins_several_text_children_without_separators() -> None:
    assert render_to_string(script["a", "b"]) == "<script>ab</script>"


# --- escapable raw text: textarea and title -------------------------------------------------------


def test_textarea_and_title_escape_their_text() -> None:
    node = div[textarea["</textarea><b>x</b> &amp;"], title["</title>&"]]
    assert render_to_string(node) == (
        "<div><textarea>&lt;/textarea&gt;&lt;b&gt;x&lt;/b&gt; &amp;amp;</textarea><title>&lt;/title&gt;&amp;</title></div>"
    )
    assert round_trips(node)


@pytest.mark.parametrize("child", [Markup("<b>x</b>"), b["x"]])
def test_textarea_holds_plain_text_only(child: object) -> None:
    with pytest.raises(ValueError, match="<textarea> may only contain plain text"):
        render_to_string(textarea[child])


# --- the leading newline of pre, textarea and listing ---------------------------------------------


@pytest.mark.parametrize("element", [pre, textarea, listing])
def test_a_leading_newline_is_doubled_so_that_it_survives(element: Element) -> None:
    node = element["\nline"]
    assert render_to_string(node) == f"<{element.tag}>\n\nline</{element.tag}>"
    assert round_trips(div[node])


@pytest.mark.parametrize("element", [pre, textarea, listing])
def test_no_newline_is_added_when_the_text_does_not_start_with_one(element: Element) -> None:
    assert render_to_string(element["line\n"]) == f"<{element.tag}>line\n</{element.tag}>"


def test_only_newlines_survive_in_pre() -> None:
    assert round_trips(div[pre["\n"], pre["\n\n"], pre[b, "\nx"]])


# --- foreign content: svg and math ----------------------------------------------------------------


def test_svg_text_and_attributes_escape_normally() -> None:
    node = s.svg(viewBox="0 0 10 10")[s.text(x="1")["a < b & c"], s.circle(cx="5", fill='"red"')]
    assert render_to_string(node) == (
        '<svg viewBox="0 0 10 10"><text x="1">a &lt; b &amp; c</text>'
        '<circle cx="5" fill="&quot;red&quot;"></circle></svg>'
    )
    assert round_trips(div[node])


def test_style_and_script_inside_svg_are_escaped_not_raw() -> None:
    node = s.svg[s.style["a > b { fill: red } </style>"], s.script["a < b"]]
    assert render_to_string(node) == (
        "<svg><style>a &gt; b { fill: red } &lt;/style&gt;</style><script>a &lt; b</script></svg>"
    )
    assert round_trips(div[node])


def test_svg_children_are_created_in_the_svg_namespace() -> None:
    tree = parse(render_to_string(s.svg[s.g[s.rect]]))
    assert tree == [(f"{{{SVG_NS}}}svg", {}, [(f"{{{SVG_NS}}}g", {}, [(f"{{{SVG_NS}}}rect", {}, [])])])]


def test_foreign_object_holds_html_again() -> None:
    node = s.svg[s.foreignObject(width="10")[div["x", br, "y"], textarea["\nz"], s.svg[s.circle]]]
    html = render_to_string(node)
    assert "<br>" in html and "</br>" not in html
    tree = parse(html)
    assert tree == [expected(node)]
    assert tree[0][2][0][2][0][0] == "div"  # HTML namespace inside foreignObject


def test_mathml_text_integration_points_hold_html() -> None:
    node = h("math", None, h("mi", None, b["x"]), h("mo", None, "<"))
    assert parse(render_to_string(node)) == [
        (f"{{{MATH_NS}}}math", {}, [(f"{{{MATH_NS}}}mi", {}, [("b", {}, ["x"])]), (f"{{{MATH_NS}}}mo", {}, ["<"])])
    ]


@pytest.mark.parametrize(
    "node",
    [
        s.svg[div["x"]],
        s.svg[s.g[p["x"]]],
        s.svg[s.text[b["x"]]],
        s.svg[br],
        s.svg[img],
        s.svg[table],
        h("math", None, span["x"]),
        s.svg[h("font", {"color": "red"})],
    ],
)
def test_html_tags_that_break_out_of_foreign_content_raise(node: Element) -> None:
    with pytest.raises(ValueError, match=r"cannot appear inside <(svg|math)>"):
        render_to_string(node)


def test_font_without_presentation_attributes_stays_in_svg() -> None:
    assert round_trips(div[s.svg[h("font", {"id": "f"})]])


def test_void_html_names_inside_svg_get_end_tags() -> None:
    node = s.svg[h("link", None), h("source", None)]
    assert render_to_string(node) == "<svg><link></link><source></source></svg>"


# --- void elements --------------------------------------------------------------------------------


@pytest.mark.parametrize("tag", sorted(VOID_ELEMENTS))
def test_void_elements_have_no_end_tag(tag: str) -> None:
    html = render_to_string(h(tag, {"id": "v"}))
    assert html == f'<{tag} id="v">'


def test_void_elements_among_siblings_round_trip() -> None:
    assert round_trips(div[input_(value="a"), "x", hr, br, meta(charset="utf-8"), "y"])


# --- comments -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["plain", "-->", "--!>", "<!--", ">", "->", "x-", "x<!-", "a--b", "---", "--><script>alert(1)</script>", "\0"],
)
def test_comment_text_can_never_end_the_comment_early(text: str) -> None:
    html = comment(text) + render_to_string(span(id="after"))
    assert parse(html) == [("span", {"id": "after"}, [])]
    assert len(comments(html)) == 1


def test_a_comment_is_markup() -> None:
    assert comment("note") == "<!--note-->"
    assert render_to_string(div[comment("x")]) == "<div><!--x--></div>"


def test_plaintext_cannot_be_rendered() -> None:
    with pytest.raises(ValueError, match="<plaintext> never ends"):
        render_to_string(h("plaintext", None, "x"))


# --- whole trees round-trip -----------------------------------------------------------------------


def test_a_realistic_page_round_trips() -> None:
    node = div(id="app", class_=["page", {"dark": True}])[
        h("header", None, h("h1", None, "Tickets & <bugs>")),
        ul[(li(key=i, data_id=i)["#", i, ": ", f"item {i}"] for i in range(3))],
        pre["\n  indented\n"],
        textarea(name="t")["\r\nwindows"],
        table[tbody[tr[td["a"], td["b", "c"]]]],
        s.svg(viewBox="0 0 2 2")[s.circle(cx="1", cy="1", r="1")],
        script["window.x = 1 < 2;"],
        input_(type="checkbox", checked=True),
    ]
    assert round_trips(node)


# --- streaming ------------------------------------------------------------------------------------


def big_table(rows: int) -> Element:
    return table[tbody[(tr(key=i)[td[i], td["row ", i, " <&>"], td[a(href=f"/r/{i}")["x"]]] for i in range(rows))]]


def test_iter_render_yields_the_same_html_in_several_chunks() -> None:
    node = div[h("h1", None, "Rows"), big_table(2000), p["end"]]
    chunks = list(iter_render(node, chunk_size=4096))
    assert len(chunks) > 10
    assert "".join(chunks) == render_to_string(node)
    assert all(len(chunk) >= 4096 for chunk in chunks[:-1])


def test_iter_render_streams_lazily() -> None:
    stream = iter_render(div[big_table(1000)], chunk_size=1024)
    first = next(stream)
    assert first.startswith("<div><table><tbody><tr>")
    assert len(first) < 4096


@pytest.mark.parametrize(
    "node",
    [
        None,
        "a<b",
        ["a", "b", p["c"]],
        Fragment["x", "y"],
        div[pre["\nx", b, "y"], "t", "u", textarea["\nz"], script["</script>"]],
        s.svg[s.g[s.text["a", "b"]], s.foreignObject[div["c", "d"]]],
    ],
)
def test_iter_render_matches_render_to_string_at_every_chunk_size(node: object) -> None:
    whole = render_to_string(node)
    for size in (1, 7, 64, 100_000):
        assert "".join(iter_render(node, chunk_size=size)) == whole


def test_iter_render_raises_the_same_errors() -> None:
    with pytest.raises(ValueError, match="cannot appear inside <svg>"):
        list(iter_render(div[s.svg[s.g[div["x"], div["y"]]]], chunk_size=1))
