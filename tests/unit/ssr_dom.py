"""Test helper: parse rendered HTML with html5lib (a spec-conforming parser) into a plain tree, and
describe a VDOM node the same way, so that tests can assert "the browser builds exactly this DOM".

Tree form: text is a ``str``; an element is ``(tag, attrs, children)`` where ``tag`` is
``"{namespace}name"`` for SVG/MathML; comments are dropped, but text nodes on either side of one stay
separate (as in the DOM), so a missing ``<!-- -->`` separator shows up as merged text.
"""

from __future__ import annotations

from typing import Any
from xml.etree import ElementTree

import html5lib

from pickle_reactor.core.nodes import Element

SVG_NS = "http://www.w3.org/2000/svg"
MATH_NS = "http://www.w3.org/1998/Math/MathML"
_RAW = {"script", "style", "xmp", "iframe", "noembed", "noframes"}
_ESCAPABLE_RAW = {"textarea", "title"}
_INTEGRATION = {SVG_NS: {"foreignObject", "desc", "title"}, MATH_NS: {"mi", "mo", "mn", "ms", "mtext"}}


def parse(markup: str, container: str = "div") -> list[Any]:
    """The children of ``container`` after parsing ``markup`` as its inner HTML."""
    fragment = html5lib.parseFragment(
        markup, container=container, treebuilder="etree", namespaceHTMLElements=False
    )
    return _children(fragment)


def comments(markup: str, container: str = "div") -> list[str]:
    """The text of every comment node the parser creates."""
    fragment = html5lib.parseFragment(
        markup, container=container, treebuilder="etree", namespaceHTMLElements=False
    )
    return [el.text or "" for el in fragment.iter() if el.tag is ElementTree.Comment]


def _children(el: Any) -> list[Any]:
    out: list[Any] = []
    if el.text:
        out.append(el.text)
    for child in el:
        if child.tag is not ElementTree.Comment:
            out.append((child.tag, dict(child.attrib), _children(child)))
        if child.tail:
            out.append(child.tail)
    return out


def expected(node: Any, ns: str = "") -> Any:
    """What the parser must build for a VDOM node (elements and text only) inside namespace ``ns``."""
    if isinstance(node, str):
        return node
    assert type(node) is Element, node
    tag = node.tag
    if not ns and tag in ("svg", "math"):
        ns = SVG_NS if tag == "svg" else MATH_NS
    qualified = f"{{{ns}}}{tag}" if ns else tag
    attrs = {name: "" if value is True else value for name, value in node.props.items()}
    child_ns = "" if ns and tag in _INTEGRATION[ns] else ns
    if not ns and (tag in _RAW or tag in _ESCAPABLE_RAW):
        text = "".join(node.children)  # type: ignore[arg-type]
        if tag in _RAW:  # no character references in raw text: the parser's CR/LF normalisation wins
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        return (qualified, attrs, [text] if text else [])
    return (qualified, attrs, [expected(child, child_ns) for child in node.children])
