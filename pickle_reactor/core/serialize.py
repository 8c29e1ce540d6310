"""Render nodes to HTML that a browser parses back into exactly the same tree (hydration depends on it).

Follows the HTML fragment serialisation algorithm: text escapes ``& < >``, attribute values escape
``& " < >``, raw-text elements (``script``, ``style``) are written verbatim with their end tag
neutralised, void elements get no end tag, adjacent text nodes are separated by ``<!-- -->`` so that the
parser does not merge them, and a leading newline in ``pre``/``textarea``/``listing`` is doubled
because the parser drops the first one. Carriage returns are written as ``&#13;`` because the parser
would turn them into ``\\n``. Nothing is pretty-printed.

Long because the string renderer and the streaming one apply the same rules (namespaces, raw text,
separators, components, error boundaries) and stay in step only side by side.
"""

from __future__ import annotations

import inspect
import logging
import re
from collections.abc import Callable, Generator, Iterator
from typing import Any

from . import nodes
from .boundary import BOUNDARY, with_error
from .hooks import ServerFiber, begin_render, child_path, end_render
from .markup import comment, escape_attr, escape_text
from .nodes import (
    ComponentElement,
    Element,
    FragmentNode,
    flatten_children,
    set_open,
    signal_text,
    start_tag,
)
from .spec import ESCAPABLE_RAW_TEXT, LEADING_NEWLINE, RAW_TEXT, SERIALISES_SPECIALLY, VOID_ELEMENTS

__all__ = ["ServerScope", "comment", "escape_attr", "escape_text", "iter_render", "render_on_server", "render_to_string"]

# Start tags that make the HTML parser leave svg/math content, so they can never round-trip there.
_BREAKS_FOREIGN = frozenset(
    "b big blockquote body br center code dd div dl dt em embed h1 h2 h3 h4 h5 h6 head hr i img li "
    "listing menu meta nobr ol p pre ruby s small span strong strike sub sup table tt u ul var".split()
)
HTML, SVG, MATH = 0, 1, 2
_ENTER_FOREIGN = {"svg": SVG, "math": MATH}
_HTML_INTEGRATION = {
    SVG: frozenset(("foreignObject", "desc", "title")),
    MATH: frozenset(("mi", "mo", "mn", "ms", "mtext")),
}
_SPECIAL = SERIALISES_SPECIALLY
# `</script` ends a script and `<script` (after `<!--`) makes the parser skip the next `</script>`;
# replacing the "s" with the \u escape keeps the text's meaning in JS strings, regexes and JSON.
_SCRIPT_TAG = re.compile(r"(</?)([sS])(cript)", re.IGNORECASE)
_RAW_END = {name: re.compile(rf"</({name})", re.IGNORECASE) for name in RAW_TEXT - {"script"}}
_SEPARATOR = "<!-- -->"
_STREAM_DEPTH = 6  # iter_render walks this many element levels as generators, then renders in one go
_END_TAGS: dict[str, str] = {}
_BARE_START: dict[str, str] = {}


class ServerScope:
    """Where a component sits while rendering on the server: its tree path (for ``use_id``) and the
    context values provided above it."""

    __slots__ = ("path", "contexts")

    def __init__(self, path: str = "", contexts: dict[Any, Any] | None = None) -> None:
        self.path = path
        self.contexts = contexts if contexts is not None else {}


class _ComponentScope(ServerScope):
    """The scope below a server-rendered component: counts its child components, as the browser's
    reconciler does, so ``use_id`` paths agree."""

    __slots__ = ("child_count",)

    def __init__(self, path: str, contexts: dict[Any, Any]) -> None:
        super().__init__(path, contexts)
        self.child_count = 0


def render_on_server(node: ComponentElement, scope: ServerScope, index: int) -> tuple[Any, ServerScope]:
    """Render a component once for SSR; returns its output and the scope for its children."""
    if type(scope) is _ComponentScope:
        path = child_path(scope.path, scope.child_count, index)
        scope.child_count += 1
    else:
        path = scope.path + child_path(None, 0, index)
    fiber = ServerFiber(getattr(node.type, "__name__", "component"), path, scope.contexts)
    render = _server_render(node.type) if compiling else node.type
    previous = begin_render(fiber)
    ok = False
    try:
        output = render(**node.props)
        ok = True
    except Exception as exc:
        exc.add_note(f"while rendering <{fiber.name}> on the server")  # one note per level: a component stack
        raise
    finally:
        end_render(fiber, previous, ok)
    if inspect.iscoroutine(output):
        output.close()
        raise TypeError(f"<{fiber.name}> is an async function; components must be plain functions")
    return output, _ComponentScope(path, fiber.contexts)


# Components compiled for the server: ``server/ssr_compiler.py`` installs itself here (the server
# layer imports it; the browser has no server modules and renders every component as written).
compiling = True  # internal: tests and benchmarks render both ways
_compile: Callable[[Any], Any] | None = None
_compiled_type: Any = None  # what a compiled render returns: it writes itself


def use_compiler(compile_component: Callable[[Any], Any], output_type: type) -> None:
    """Install the server's component compiler (``compile(fn)``: a render of ``fn`` that returns an
    ``output_type`` with ``write`` and ``stream`` methods, or None)."""
    global _compile, _compiled_type
    _compile, _compiled_type = compile_component, output_type


def _server_render(fn: Any) -> Any:
    """``fn``'s compiled render when it has one, else ``fn``; kept on the function."""
    render = getattr(fn, "__pr_ssr__", None)
    if render is not None or _compile is None:
        return render or fn
    render = _compile(fn) or fn
    try:
        fn.__pr_ssr__ = render
    except (AttributeError, TypeError):  # a builtin or a callable object: never compiled
        pass
    return render


def _render_component(node: ComponentElement, scope: ServerScope | None, index: int) -> tuple[Any, ServerScope]:
    return render_on_server(node, scope if scope is not None else ServerScope(), index)


def _boundary(node: ComponentElement, out: list[str], ns: int, scope: ServerScope | None, index: int,
              after_text: bool) -> bool:
    """An ErrorBoundary: its children, or, when rendering them raises, its fallback in their place
    (rendered whole, never streamed in parts, so that nothing of the failed children is sent)."""
    count = scope.child_count if type(scope) is _ComponentScope else 0
    mark = len(out)
    try:
        output, child_scope = _render_component(node, scope, index)
        return _output(output, out, ns, child_scope, after_text)
    except Exception as exc:  # noqa: BLE001 - the boundary's job; logged
        del out[mark:]
        if type(scope) is _ComponentScope:
            scope.child_count = count  # the fallback takes the children's place (same use_id paths)
        logging.getLogger("pickle_reactor").error(
            "pickle-reactor: <ErrorBoundary> caught an error on the server: %r", exc, exc_info=exc)
        output, child_scope = _render_component(with_error(node, exc), scope, index)
        return _output(output, out, ns, child_scope, after_text)


def _open_tag(node: Element) -> str:
    if node.props:
        return start_tag(node)
    start = _BARE_START.get(node.tag) or _BARE_START.setdefault(node.tag, f"<{node.tag}>")
    set_open(node, start)
    return start


def _end_tag(tag: str) -> str:
    end = _END_TAGS[tag] = f"</{tag}>"
    return end


def _text_only(node: Element, trusted: bool) -> str:
    """The children of a raw-text or escapable-raw-text element, which may only hold text."""
    texts = []
    for child in node.children:
        if child is None:  # a hole
            continue
        if not isinstance(child, str) or (not trusted and hasattr(child, "__html__")):
            if type(child) is ComponentElement and child.type is signal_text:
                raise ValueError(f"<{node.tag}> may only contain plain text, not a signal: read its value "
                                 f"(signal.value){' or bind value=signal' if node.tag == 'textarea' else ''}")
            what = "Markup" if isinstance(child, str) else type(child).__name__
            raise ValueError(f"<{node.tag}> may only contain plain text, not {what}")
        texts.append(child)
    return "".join(texts)


def _start_special(node: Element, out: list[str], ns: int) -> int:
    """Write the start of an element that is foreign or special in HTML; return the namespace of its
    children, or -1 when the element is already complete."""
    tag = node.tag
    if ns != HTML:
        if tag in _BREAKS_FOREIGN or (tag == "font" and not {"color", "face", "size"}.isdisjoint(node.props)):
            raise ValueError(
                f"<{tag}> cannot appear inside <{'svg' if ns == SVG else 'math'}>: the HTML parser would "
                "move it out; wrap HTML in <foreignObject> (svg) or <mtext> (math)"
            )
        out.append(node._open or _open_tag(node))
        return HTML if tag in _HTML_INTEGRATION[ns] else ns
    out.append(node._open or _open_tag(node))
    if tag in VOID_ELEMENTS:
        return -1
    if tag in RAW_TEXT:
        text = _text_only(node, trusted=True)
        if tag == "script":
            text = _SCRIPT_TAG.sub(lambda m: m[1] + ("\\u0073" if m[2] == "s" else "\\u0053") + m[3], text)
        else:
            text = _RAW_END[tag].sub(r"<\\/\1", text)
        out.append(text)
    elif tag in ESCAPABLE_RAW_TEXT:
        text = escape_text(_text_only(node, trusted=False))
        out.append("\n" + text if tag == "textarea" and text[:1] == "\n" else text)
    elif tag == "plaintext":
        raise ValueError("<plaintext> never ends: everything after it would become its text; use <pre>")
    else:
        children = node.children
        if tag in LEADING_NEWLINE and children:
            first = next((child for child in children if child is not None), None)
            # The parser drops one newline right after <pre>: add one when the text starts with one (a
            # component might, so add it there too; a dropped extra newline changes nothing).
            if type(first) is ComponentElement or (isinstance(first, str) and first[:1] == "\n"):
                out.append("\n")
        return _ENTER_FOREIGN.get(tag, HTML)
    out.append(_END_TAGS.get(tag) or _end_tag(tag))
    return -1


def _element(node: Element, out: list[str], ns: int, scope: ServerScope | None) -> None:
    tag = node.tag
    if not ns and node._html is not None:  # a static element: rendered once per process
        out.append(node._html)
        return
    if ns or tag in _SPECIAL:
        child_ns = _start_special(node, out, ns)
        if child_ns < 0:
            return
    else:
        out.append(node._open or _open_tag(node))
        child_ns = HTML
    if node.children:
        _children(node.children, out, child_ns, scope, False)
    out.append(_END_TAGS.get(tag) or _end_tag(tag))


def _children(children: tuple[Any, ...], out: list[str], ns: int, scope: ServerScope | None, after_text: bool) -> bool:
    """Render flattened siblings; ``after_text`` says a text node precedes them. Returns whether the
    output ends with text, so that the caller can separate it from following text."""
    for index, child in enumerate(children):
        kind = type(child)
        if kind is str:
            if after_text:
                out.append(_SEPARATOR)
            out.append(escape_text(child))
            after_text = True
        elif kind is Element:
            if ns:
                _element(child, out, ns, scope)
            elif child._html is not None:  # a static element: rendered once per process
                out.append(child._html)
            elif child.tag in _SPECIAL:
                _element(child, out, ns, scope)
            else:  # _element's common case, inlined: this loop is the SSR hot path
                out.append(child._open or _open_tag(child))
                grandchildren = child.children
                if grandchildren:
                    if len(grandchildren) == 1 and type(grandchildren[0]) is str:  # td[text]: no call
                        out.append(escape_text(grandchildren[0]))
                    else:
                        _children(grandchildren, out, HTML, scope, False)
                tag = child.tag
                out.append(_END_TAGS.get(tag) or _end_tag(tag))
            after_text = False
        elif kind is ComponentElement:
            if child.type is BOUNDARY:
                after_text = _boundary(child, out, ns, scope, index, after_text)
                continue
            output, child_scope = _render_component(child, scope, index)
            after_text = _output(output, out, ns, child_scope, after_text)
        elif child is not None:  # None: a hole, renders nothing
            after_text = _output(child, out, ns, scope, after_text)
    return after_text


def _output(output: Any, out: list[str], ns: int, scope: ServerScope | None, after_text: bool) -> bool:
    """Render anything a component may return (node, fragment, list, text, Markup, None) at one position."""
    kind = type(output)
    if kind is Element:
        _element(output, out, ns, scope)
        return False
    if kind is _compiled_type:
        return output.write(out, ns, scope, after_text)  # type: ignore[no-any-return]
    if output is None or output is True or output is False:
        return after_text
    if isinstance(output, str):
        if after_text:
            out.append(_SEPARATOR)
        # Markup is trusted; it may end with text, so treat it as text on both sides.
        out.append(output.__html__() if hasattr(output, "__html__") else escape_text(output))
        return True
    if kind is ComponentElement:
        if output.type is BOUNDARY:
            return _boundary(output, out, ns, scope, 0, after_text)
        inner, child_scope = _render_component(output, scope, 0)
        return _output(inner, out, ns, child_scope, after_text)
    if kind is FragmentNode:
        if output.key is not None:
            return _output(output.group(), out, ns, scope, after_text)
        return _children(output.children, out, ns, scope, after_text)
    return _children(tuple(flatten_children("render_to_string", output)), out, ns, scope, after_text)


def render_to_string(node: Any) -> str:
    """Serialise a node (element, component element, fragment, text, Markup, or an iterable of them)
    to HTML."""
    out: list[str] = []
    _output(node, out, HTML, None, False)
    return "".join(out)


# --- streaming ------------------------------------------------------------------------------------
# The same walk as above, as generators, for the outer levels of the tree only: an element with
# several children or a component is walked here, anything smaller goes to the fast renderer above.


class _Stream:
    __slots__ = ("out", "chunk_size")

    def __init__(self, chunk_size: int) -> None:
        self.out: list[str] = []
        self.chunk_size = chunk_size

    def flush(self, force: bool = False) -> Iterator[str]:
        out = self.out
        if out and (force or sum(map(len, out)) >= self.chunk_size):
            chunk = "".join(out)
            out.clear()
            if chunk:
                yield chunk


StreamGen = Generator[str, None, bool]


def _iter_element(
    node: Element, stream: _Stream, ns: int, scope: ServerScope | None, depth: int
) -> Generator[str, None, None]:
    out = stream.out
    tag = node.tag
    if ns or tag in _SPECIAL:
        child_ns = _start_special(node, out, ns)
        if child_ns < 0:
            return
    else:
        out.append(node._open or _open_tag(node))
        child_ns = HTML
    yield from _iter_children(node.children, stream, child_ns, scope, False, depth + 1)
    out.append(_END_TAGS.get(tag) or _end_tag(tag))


def _iter_children(
    children: tuple[Any, ...], stream: _Stream, ns: int, scope: ServerScope | None, after_text: bool, depth: int
) -> StreamGen:
    for index, child in enumerate(children):
        kind = type(child)
        if kind is Element and depth < _STREAM_DEPTH and child.children and (ns or child._html is None):
            yield from _iter_element(child, stream, ns, scope, depth)
            after_text = False
        elif kind is ComponentElement:
            if child.type is BOUNDARY:
                after_text = _boundary(child, stream.out, ns, scope, index, after_text)
            else:
                output, child_scope = _render_component(child, scope, index)
                after_text = yield from _iter_output(output, stream, ns, child_scope, after_text, depth)
        else:
            after_text = _children((child,), stream.out, ns, scope, after_text)
        yield from stream.flush()
    return after_text


def _iter_output(
    output: Any, stream: _Stream, ns: int, scope: ServerScope | None, after_text: bool, depth: int
) -> StreamGen:
    kind = type(output)
    if kind is ComponentElement:
        if output.type is BOUNDARY:
            return _boundary(output, stream.out, ns, scope, 0, after_text)
        inner, child_scope = _render_component(output, scope, 0)
        return (yield from _iter_output(inner, stream, ns, child_scope, after_text, depth))
    if kind is Element:
        yield from _iter_element(output, stream, ns, scope, depth)
        return False
    if kind is _compiled_type:
        return (yield from output.stream(stream, ns, scope, after_text))
    if kind is FragmentNode:
        if output.key is not None:
            return (yield from _iter_output(output.group(), stream, ns, scope, after_text, depth))
        return (yield from _iter_children(output.children, stream, ns, scope, after_text, depth))
    if kind in (list, tuple) or (not isinstance(output, str) and hasattr(output, "__iter__")):
        children = tuple(flatten_children("iter_render", output))
        return (yield from _iter_children(children, stream, ns, scope, after_text, depth))
    return _output(output, stream.out, ns, scope, after_text)


def iter_render(node: Any, chunk_size: int = 16_384) -> Iterator[str]:
    """Stream exactly the HTML of :func:`render_to_string`, in chunks of at least ``chunk_size``
    characters (the last may be shorter): a page with a long list starts reaching the client before
    the whole list is rendered, and components render as the stream reaches them."""
    stream = _Stream(chunk_size)
    yield from _iter_output(node, stream, HTML, None, False, 0)
    yield from stream.flush(force=True)


nodes.use_serialiser(render_to_string)
