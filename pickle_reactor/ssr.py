"""Render nodes to HTML that a browser parses back into exactly the same tree (hydration depends on it).

Follows the HTML fragment serialisation algorithm: text escapes ``& < >``, attribute values escape
``& " < >``, raw-text elements (``script``, ``style``) are written verbatim with their end tag
neutralised, void elements get no end tag, adjacent text nodes are separated by ``<!-- -->`` so that the
parser does not merge them, and a leading newline in ``pre``/``textarea``/``listing`` is doubled
because the parser drops the first one. Nothing is pretty-printed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from .vdom import VOID_ELEMENTS, ComponentElement, Element, FragmentNode, Markup

__all__ = ["render_to_string", "iter_render", "escape_text", "escape_attr", "comment", "ServerScope"]

RAW_TEXT = frozenset(("script", "style", "xmp", "iframe", "noembed", "noframes", "plaintext"))
ESCAPABLE_RAW_TEXT = frozenset(("textarea", "title"))
LEADING_NEWLINE = frozenset(("pre", "textarea", "listing"))
# Start tags that make the HTML parser leave svg/math content, so they can never round-trip there.
_BREAKS_FOREIGN = frozenset(
    "b big blockquote body br center code dd div dl dt em embed h1 h2 h3 h4 h5 h6 head hr i img li "
    "listing menu meta nobr ol p pre ruby s small span strong strike sub sup table tt u ul var".split()
)
_HTML_INTEGRATION = {"svg": frozenset(("foreignObject", "desc", "title")),
                     "math": frozenset(("mi", "mo", "mn", "ms", "mtext"))}
_RAW_END = {name: re.compile(rf"</({name})", re.IGNORECASE) for name in RAW_TEXT}
_SEPARATOR = "<!-- -->"

HTML, SVG, MATH = 0, 1, 2


def escape_text(text: str) -> str:
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


def escape_attr(value: str) -> str:
    if "&" in value:
        value = value.replace("&", "&amp;")
    if '"' in value:
        value = value.replace('"', "&quot;")
    if "<" in value:
        value = value.replace("<", "&lt;")
    if ">" in value:
        value = value.replace(">", "&gt;")
    return value


def comment(text: str) -> Markup:
    """An HTML comment whose text can never end it early or open markup (``--``, ``>``, ``<!--``)."""
    text = str(text).replace("--", "- -").replace("--", "- -").replace("<!-", "<! -")
    if text.startswith(">") or text.startswith("->"):
        text = " " + text
    if text.endswith("-") or text.endswith("<!"):
        text += " "
    return Markup(f"<!--{text}-->")


class ServerScope:
    """Where a component sits while rendering on the server: its tree path (for ``use_id``) and the
    context values provided above it. The hooks module supplies the real behaviour."""

    __slots__ = ("path", "contexts")

    def __init__(self, path: str = "", contexts: dict[Any, Any] | None = None) -> None:
        self.path = path
        self.contexts = contexts if contexts is not None else {}


def _render_component(node: ComponentElement, scope: ServerScope, index: int) -> tuple[Any, ServerScope]:
    from .hooks import render_on_server  # imported late: the hooks layer sits beside, not below, SSR

    return render_on_server(node, scope, index)


def _open_tag(node: Element) -> str:
    cached = node._open
    if cached is None:
        parts = ["<", node.tag]
        for name, value in node.props.items():
            if value is True:
                parts.append(" " + name)
            else:
                parts.append(f' {name}="{escape_attr(value)}"')  # type: ignore[arg-type]
        parts.append(">")
        cached = node._open = "".join(parts)
    return cached


def _raw_text(node: Element) -> str:
    pieces = []
    for child in node.children:
        if not isinstance(child, str):
            raise ValueError(f"<{node.tag}> holds raw text only, not {type(child).__name__}")
        pieces.append(child)
    return _RAW_END[node.tag].sub(r"<\\/\1", "".join(pieces))


def _escapable_raw_text(node: Element) -> str:
    pieces = []
    for child in node.children:
        if not isinstance(child, str) or hasattr(child, "__html__"):
            raise ValueError(f"<{node.tag}> holds plain text only, not {type(child).__name__}")
        pieces.append(child)
    return escape_text("".join(pieces))


def _child_ns(tag: str, ns: int) -> int:
    if ns == HTML:
        return SVG if tag == "svg" else MATH if tag == "math" else HTML
    if tag in _HTML_INTEGRATION["svg" if ns == SVG else "math"]:
        return HTML
    return ns


def _render(node: Any, out: list[str], ns: int, scope: ServerScope | None, index: int) -> None:
    kind = type(node)
    if kind is str:
        out.append(escape_text(node))
        return
    if kind is Element:
        tag = node.tag
        if ns != HTML and tag in _BREAKS_FOREIGN:
            raise ValueError(f"<{tag}> cannot appear inside <svg>/<math> content (outside foreignObject)")
        out.append(node._open or _open_tag(node))
        if tag in VOID_ELEMENTS and ns == HTML:
            return
        children = node.children
        if ns == HTML and tag in RAW_TEXT:
            out.append(_raw_text(node))
        elif ns == HTML and tag in ESCAPABLE_RAW_TEXT:
            text = _escapable_raw_text(node)
            out.append("\n" + text if tag == "textarea" and text[:1] == "\n" else text)
        elif children:
            child_ns = _child_ns(tag, ns) if ns or tag == "svg" or tag == "math" else HTML
            first = children[0]
            if tag in LEADING_NEWLINE and ns == HTML and type(first) is str and first[:1] == "\n":
                out.append("\n")
            previous_text = False
            i = 0
            for child in children:
                child_kind = type(child)
                if child_kind is str:
                    if previous_text:
                        out.append(_SEPARATOR)
                    out.append(escape_text(child))
                    previous_text = True
                elif child_kind is Element:
                    _render(child, out, child_ns, scope, i)
                    previous_text = False
                else:
                    if isinstance(child, str):  # Markup
                        if previous_text:
                            out.append(_SEPARATOR)
                        previous_text = True
                    else:
                        previous_text = False
                    _render(child, out, child_ns, scope, i)
                i += 1
        out.append(f"</{tag}>")
        return
    if isinstance(node, str):  # Markup or another trusted str
        out.append(node.__html__() if hasattr(node, "__html__") else escape_text(node))
        return
    if kind is ComponentElement:
        output, child_scope = _render_component(node, scope or ServerScope(), index)
        _render_output(output, out, ns, child_scope)
        return
    if kind is FragmentNode:
        _render_output(node.children, out, ns, scope)
        return
    if hasattr(node, "__html__"):
        out.append(node.__html__())
        return
    raise TypeError(f"cannot render {kind.__name__}: expected an element, component, text or Markup")


def _render_output(output: Any, out: list[str], ns: int, scope: ServerScope | None) -> None:
    """Render what a component returned (a node, a fragment, a list or None) at one position."""
    if output is None or output is True or output is False:
        return
    if type(output) in (list, tuple):
        previous_text = False
        for i, child in enumerate(output):
            is_text = isinstance(child, str)
            if is_text and previous_text:
                out.append(_SEPARATOR)
            previous_text = is_text
            _render(child, out, ns, scope, i)
        return
    _render(output, out, ns, scope, 0)


def render_to_string(node: Any) -> str:
    """Serialise a node (element, component element, fragment, text or a list of them) to HTML."""
    out: list[str] = []
    if isinstance(node, (list, tuple)):
        _render_output(tuple(node), out, HTML, None)
    else:
        _render_output(node, out, HTML, None)
    return "".join(out)


def iter_render(node: Any, chunk_size: int = 16_384) -> Iterator[str]:
    """Stream the same HTML as :func:`render_to_string` in chunks of roughly ``chunk_size`` characters.

    Splits at the root's children (and their children, when an element holds many): a page with a
    large list starts reaching the client before the whole list is rendered.
    """
    out: list[str] = []
    size = 0

    def flush() -> Iterator[str]:
        nonlocal size
        if out:
            chunk = "".join(out)
            out.clear()
            size = 0
            yield chunk

    def walk(item: Any, ns: int) -> Iterator[str]:
        nonlocal size
        if (
            type(item) is Element
            and len(item.children) > 1
            and not (ns == HTML and (item.tag in RAW_TEXT or item.tag in ESCAPABLE_RAW_TEXT))
            and not (item.tag in LEADING_NEWLINE)
        ):
            if ns != HTML and item.tag in _BREAKS_FOREIGN:
                raise ValueError(f"<{item.tag}> cannot appear inside <svg>/<math> content (outside foreignObject)")
            out.append(_open_tag(item))
            child_ns = _child_ns(item.tag, ns)
            previous_text = False
            for child in item.children:
                is_text = isinstance(child, str)
                if is_text and previous_text:
                    out.append(_SEPARATOR)
                previous_text = is_text
                yield from walk(child, child_ns)
            out.append(f"</{item.tag}>")
        else:
            before = len(out)
            _render(item, out, ns, None, 0)
            size += sum(len(piece) for piece in out[before:])
        if size >= chunk_size:
            yield from flush()

    roots = node if isinstance(node, (list, tuple)) else (node,)
    previous_text = False
    for root in roots:
        if root is None or root is True or root is False:
            continue
        is_text = isinstance(root, str)
        if is_text and previous_text:
            out.append(_SEPARATOR)
        previous_text = is_text
        yield from walk(root, HTML)
    yield from flush()
