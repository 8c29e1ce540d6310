"""Parse an HTML fragment (such as ``render_to_string`` output) into memory-DOM nodes, with the few
rules of the HTML parser that server markup relies on: void elements, raw-text ``script``/``style``,
a dropped newline after ``<pre>``/``<textarea>``/``<listing>``, comments kept as nodes (they separate
text nodes), SVG/MathML namespaces with their case-sensitive tag and attribute names.

Built on ``html.parser`` (stdlib); it is not a full HTML5 tree builder (no implied end tags or
foster parenting), which server-rendered markup never needs.
"""

from __future__ import annotations

from html.parser import HTMLParser

from ..core.spec import (
    LEADING_NEWLINE,
    MATHML_NAMESPACE,
    SVG_ELEMENTS,
    SVG_NAMESPACE,
    VOID_ELEMENTS,
)
from .nodes import MemComment, MemElement, MemNode, MemText

__all__ = ["parse_html"]

_SVG_TAGS = {name.lower(): name for name in SVG_ELEMENTS}
# The HTML parser lower-cases attribute names; inside SVG the browser restores these (HTML spec,
# "adjust SVG attributes").
_SVG_ATTRS = {name.lower(): name for name in ["attributeName", "attributeType", "baseFrequency", "baseProfile", "calcMode", "clipPathUnits", "diffuseConstant", "edgeMode", "filterUnits", "glyphRef", "gradientTransform", "gradientUnits", "kernelMatrix", "kernelUnitLength", "keyPoints", "keySplines", "keyTimes", "lengthAdjust", "limitingConeAngle", "markerHeight", "markerUnits", "markerWidth", "maskContentUnits", "maskUnits", "numOctaves", "pathLength", "patternContentUnits", "patternTransform", "patternUnits", "pointsAtX", "pointsAtY", "pointsAtZ", "preserveAlpha", "preserveAspectRatio", "primitiveUnits", "refX", "refY", "repeatCount", "repeatDur", "requiredExtensions", "requiredFeatures", "specularConstant", "specularExponent", "spreadMethod", "startOffset", "stdDeviation", "stitchTiles", "surfaceScale", "systemLanguage", "tableValues", "targetX", "targetY", "textLength", "viewBox", "viewTarget", "xChannelSelector", "yChannelSelector", "zoomAndPan"]}
_HTML_INSIDE = {SVG_NAMESPACE: {"foreignObject", "desc", "title"},
                MATHML_NAMESPACE: {"mi", "mo", "mn", "ms", "mtext"}}


class _TreeBuilder(HTMLParser):
    def __init__(self, ns: str, context: str) -> None:
        super().__init__(convert_charrefs=True)
        self.top = MemElement(context or "div", ns)
        self.stack: list[tuple[MemElement, str]] = [(self.top, ns)]  # element, namespace of its children
        self.drop_newline = False

    def _append(self, node: MemNode) -> None:
        parent = self.stack[-1][0]
        node.parent = parent
        parent.children.append(node)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        ns = self.stack[-1][1]
        if ns == SVG_NAMESPACE:
            tag = _SVG_TAGS.get(tag, tag)
        elif not ns and tag in ("svg", "math"):
            ns = SVG_NAMESPACE if tag == "svg" else MATHML_NAMESPACE
        element = MemElement(tag, ns)
        for name, value in attrs:
            if ns == SVG_NAMESPACE:
                name = _SVG_ATTRS.get(name, name)
            element.attrs.setdefault(name, value or "")
        self._append(element)
        self.drop_newline = False
        if not ns and tag in VOID_ELEMENTS:
            return
        inner = "" if ns and tag in _HTML_INSIDE[ns] else ns
        self.stack.append((element, inner))
        self.drop_newline = not ns and tag in LEADING_NEWLINE

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        depth = len(self.stack)
        self.handle_starttag(tag, attrs)
        if len(self.stack) > depth and self.stack[-1][1]:  # <path/> in svg closes itself; <div/> does not
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        self.drop_newline = False
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth][0].tag.lower() == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        if self.drop_newline:
            self.drop_newline = False
            data = data.removeprefix("\n")
        if not data:
            return
        parent = self.stack[-1][0]
        if parent.children and type(parent.children[-1]) is MemText:
            parent.children[-1].data += data  # type: ignore[attr-defined]
        else:
            self._append(MemText(data))

    def handle_comment(self, data: str) -> None:
        self.drop_newline = False
        self._append(MemComment(data))


def parse_html(markup: str, ns: str = "", context: str = "div") -> list[MemNode]:
    """The nodes of ``markup`` parsed as the inner HTML of a ``context`` element in namespace ``ns``."""
    builder = _TreeBuilder(ns, context)
    if context in ("script", "style"):
        builder.set_cdata_mode(context)
    builder.feed(markup)
    builder.close()
    nodes = builder.top.children
    for node in nodes:
        node.parent = None
    return nodes
