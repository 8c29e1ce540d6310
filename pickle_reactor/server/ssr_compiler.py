"""Components compiled for server rendering: HTML written from pieces rendered once per process.

A component whose last statement, and only ``return``, is an element expression
(``table(class_="t")[tbody[(tr(key=i)[td[i], td[a(class_="lbl")[label]]] for i, label in rows)]]``)
is read from its source once. Its fixed parts (tags, constant attributes, constant text) become
HTML pieces; everything else is a hole: an attribute value, a handler, a key, a child expression,
or a comprehension of elements, whose items are holes again. ``values`` is the component's own body
(hooks, locals, closure cells) returning the hole values in the order the builders would have
evaluated them; rendering writes the pieces and each value as the serialiser writes it at that
position, so the HTML is the same, byte for byte, as rendering the element tree (``tests/unit/
test_ssr_compiler.py`` compares them). No element is built: that is what makes it fast.

Any value the fast path does not know (a class list, a signal, Markup, a list, a component) takes
the serialiser's own path; a subexpression the compiler does not know (a conditional element,
``svg``, ``pre``, a ``*args`` call) is a hole rendered as written. Inside svg/math the element tree
is built from the values (``build``) and rendered as usual. Server-only: never in the client bundle
(the browser compiles its own way, ``core/reconciler/block_compiler.py``).
"""

from __future__ import annotations

import ast
import types
from collections.abc import Callable, Generator, Iterator
from typing import Any, Literal

from ..core import serialize
from ..core.component_source import bind, compile_parts, head, local_names, returned_expression
from ..core.markup import escape_attr, escape_text
from ..core.nodes import Element, flatten_children, start_tag
from ..core.spec import SERIALISES_SPECIALLY, VOID_ELEMENTS

__all__ = ["CompiledOutput", "compile_for_server", "compiled_template"]

STATIC, CHILD, LOOP, START = 0, 1, 2, 3  # ops
ATTR, KEY, EVENT, SKIP = 0, 1, 2, 3  # the dynamic parts of a start tag (a constant one is None)
_SEPARATOR = "<!-- -->"
_CACHE_MAX = 1024
_compiled_code: dict[Any, Any] = {}  # code object -> (values code, _Compiled), or None


class _Template:
    """One level of a compiled expression (the component's, or a comprehension item's): its ops and
    the expressions of its holes, in evaluation order."""

    def __init__(self, values_name: str) -> None:
        self.ops: list[tuple[Any, ...]] = []
        self.exprs: list[ast.expr] = []
        self.values_name = values_name
        self.text_at_end = False  # the last thing written is text of the current parent (known here)

    def static(self, html: str, ends_text: bool = False) -> None:
        if self.ops and self.ops[-1][0] == STATIC:
            last = self.ops[-1]
            self.ops[-1] = (STATIC, last[1] + html, last[2], ends_text)
        else:  # after a hole: if it wrote text and this starts with text, the two need a separator
            self.ops.append((STATIC, html, ends_text, ends_text))

    def hole(self, expr: ast.expr, op: tuple[Any, ...] | None) -> ast.expr:
        """Record a hole; its place in ``build``."""
        self.exprs.append(expr)
        if op is not None:
            self.ops.append(op)
        return ast.Subscript(ast.Name(self.values_name, ast.Load()), ast.Constant(len(self.exprs) - 1), ast.Load())


class _Compiler:
    """Walks a returned expression into ops and hole expressions, and its ``build`` form."""

    def __init__(self, fn: Any) -> None:
        self.globals = fn.__globals__
        self.local_names = local_names(fn)
        self.name = getattr(fn, "__name__", "component")
        self.depth = 0

    def builder(self, node: ast.expr) -> Element | None:
        """The builder an element expression starts from: a global name, or a global module's."""
        if isinstance(node, ast.Name):
            found = None if node.id in self.local_names else self.globals.get(node.id)
        elif (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
              and node.value.id not in self.local_names and isinstance(self.globals.get(node.value.id), types.ModuleType)):
            found = getattr(self.globals[node.value.id], node.attr, None)
        else:
            return None
        if (type(found) is not Element or found.children or found.key is not None or found.events is not None
                or found.ref is not None or type(found.props) is not dict):
            return None
        return found

    def element(self, node: ast.expr, template: _Template) -> ast.expr | None:
        """Compile an element expression into ``template``: its ``build`` form, or None (and
        ``template`` as it was) when the compiler does not know it."""
        base, kids = (node.value, node.slice) if isinstance(node, ast.Subscript) else (node, None)
        call = base if isinstance(base, ast.Call) else None
        builder = self.builder(head(node))
        if builder is None or (call is not None and call.args):
            return None
        tag = builder.tag
        if tag in SERIALISES_SPECIALLY and (tag not in VOID_ELEMENTS or kids is not None):
            return None
        mark = (len(template.ops), len(template.exprs), template.text_at_end, template.ops[-1:])
        built = self._start(builder, base, call, template)
        if built is not None and kids is not None:
            children = self._children(builder, kids, template)
            built = None if children is None else ast.Subscript(built, children, ast.Load())
        if built is None:
            del template.ops[mark[0] - len(mark[3]):], template.exprs[mark[1]:]
            template.ops += mark[3]  # the piece before it, which its start may have been added to
            template.text_at_end = mark[2]
            return None
        if tag not in VOID_ELEMENTS:
            template.static(f"</{tag}>")
        template.text_at_end = False
        return built

    def _start(self, builder: Element, base: ast.expr, call: ast.Call | None, template: _Template) -> ast.expr | None:
        """The start tag: a piece when no attribute is a hole, else a START op."""
        prefix = start_tag(builder)[:-1]
        if call is None:
            template.static(prefix + ">")
            return base
        parts: list[tuple[Any, ...]] = []
        keywords: list[ast.keyword] = []
        seen = set(builder.props)
        for keyword in call.keywords:
            name, value = keyword.arg, keyword.value
            if name is None:
                return None
            rendered_as = _rendered_name(builder, name)
            if rendered_as is False or (rendered_as and rendered_as in seen):
                return None  # raises when it runs, or two names for one attribute: rendered as written
            if rendered_as:
                seen.add(rendered_as)
            if isinstance(value, ast.Constant) and (value.value is None or type(value.value) in (str, bool, int, float)):
                try:
                    piece = start_tag(builder(**{name: value.value}))[len(prefix):-1]
                except (TypeError, ValueError):
                    return None
                parts.append((None, name, value.value, piece))
                keywords.append(keyword)
                continue
            if rendered_as:
                parts.append((ATTR, name, f' {rendered_as}="', rendered_as in ("class", "style")))
            else:
                parts.append((KEY if name == "key" else EVENT if name[:2].lower() == "on" else SKIP, name))
            keywords.append(ast.keyword(name, template.hole(value, None)))
        try:
            whole = start_tag(builder(**{part[1]: part[2] for part in parts if part[0] is None}))
        except (TypeError, ValueError):
            return None
        dynamic = tuple(part for part in parts if part[0] is not None)
        if not dynamic:
            template.static(whole)
        else:  # fixed: the whole tag when no hole is rendered (a key, a handler)
            fixed = whole if all(part[0] != ATTR for part in dynamic) else None
            template.ops.append((START, builder, prefix, tuple(parts), fixed, self.name))
        return ast.Call(call.func, [], keywords)

    def _children(self, builder: Element, kids: ast.expr, template: _Template) -> ast.expr | None:
        owner = f"<{builder.tag}>"
        built: list[ast.expr] = []
        template.text_at_end = False
        for kid in kids.elts if isinstance(kids, ast.Tuple) else [kids]:
            if isinstance(kid, ast.Starred):
                return None
            if isinstance(kid, ast.Constant):
                try:
                    flat = flatten_children(owner, kid.value)
                except TypeError:
                    return None
                if flat and flat[0] is not None:
                    if template.text_at_end:
                        template.static(_SEPARATOR)
                    template.static(escape_text(flat[0]), ends_text=True)  # type: ignore[arg-type]
                    template.text_at_end = True
                built.append(kid)
                continue
            nested = self.element(kid, template) if self.builder(head(kid)) is not None else None
            if nested is None and isinstance(kid, (ast.GeneratorExp, ast.ListComp)):
                nested = self._loop(kid, template)
            if nested is None:
                nested = template.hole(kid, (CHILD, owner, self.name))
            template.text_at_end = False  # an element; or a hole, whose op keeps track when it runs
            built.append(nested)
        return ast.Tuple(built, ast.Load()) if len(built) != 1 else built[0]

    def _loop(self, comp: ast.GeneratorExp | ast.ListComp, template: _Template) -> ast.expr | None:
        """A comprehension of elements: a LOOP op whose value is a list of every item's holes."""
        if self.builder(head(comp.elt)) is None:
            return None
        self.depth += 1
        inner = _Template(f"__pr_v{self.depth}")
        item = self.element(comp.elt, inner)
        self.depth -= 1
        if item is None:
            return None
        hole = template.hole(ast.ListComp(ast.Tuple(inner.exprs, ast.Load()), comp.generators), (LOOP, tuple(inner.ops)))
        return ast.ListComp(item, [ast.comprehension(ast.Name(inner.values_name, ast.Store()), hole, [], 0)])


def _rendered_name(builder: Element, name: str) -> str | Literal[False] | None:
    """The attribute keyword ``name`` renders (None: none, a key, ref or handler; False: it raises)."""
    try:
        made = builder(**{name: "x"} if name[:2].lower() != "on" else {name: None})
    except (TypeError, ValueError):
        return False
    if name in ("key", "ref") or name[:2].lower() == "on":
        return None
    added = [n for n in made.props if n not in builder.props]
    if not added:
        return None if made.events else False  # suppress_hydration_warning: never rendered
    return added[0] if len(added) == 1 else False


class _Compiled:
    __slots__ = ("build", "name", "ops", "segments")

    def __init__(self, name: str, ops: tuple[tuple[Any, ...], ...], build: Callable[[tuple[Any, ...]], Any]) -> None:
        self.name = name
        self.ops = ops
        self.build = build
        # for iter_render: the ops between loops, and each loop, so that a long list streams
        self.segments: list[tuple[tuple[Any, ...], ...]] = []
        for op in ops:
            if op[0] == LOOP or not self.segments or self.segments[-1][-1][0] == LOOP:
                self.segments.append((op,))
            else:
                self.segments[-1] += (op,)


def compiled_template(fn: Any) -> tuple[Any, _Compiled] | None:
    """``(values code, template)`` for component function ``fn``, or None; once per code object."""
    code = getattr(fn, "__code__", None)
    if code is None:
        return None
    if code in _compiled_code:
        return _compiled_code[code]  # type: ignore[no-any-return]
    try:
        found = returned_expression(fn)
    except (OSError, TypeError, SyntaxError):  # no source (made by exec, or a REPL's)
        found = None
    parts = None
    if found is not None:
        func, last = found
        template = _Template("__pr_v")
        built = _Compiler(fn).element(last.value, template)  # type: ignore[arg-type]
        if built is not None:
            values_code, build = compile_parts(fn, func, last, template.exprs, built)
            parts = values_code, _Compiled(getattr(fn, "__name__", "component"), tuple(template.ops), build)
    if len(_compiled_code) >= _CACHE_MAX:
        _compiled_code.clear()
    _compiled_code[code] = parts
    return parts


class CompiledOutput:
    """What a compiled component's render gives the serialiser: its template and its hole values."""

    __slots__ = ("template", "values")

    def __init__(self, template: _Compiled, values: tuple[Any, ...]) -> None:
        self.template = template
        self.values = values

    def tree(self) -> Any:
        """The element tree the component would have returned (its builders' errors as in its render)."""
        try:
            return self.template.build(self.values)
        except Exception as exc:
            exc.add_note(f"while rendering <{self.template.name}> on the server")
            raise

    def write(self, out: list[str], ns: int, scope: Any, after_text: bool) -> bool:
        if ns:  # inside svg/math the parser's rules differ: render the element tree itself
            return serialize._output(self.tree(), out, ns, scope, after_text)
        return _write(self.template.ops, iter(self.values), out, scope, False)

    def stream(self, stream: Any, ns: int, scope: Any, after_text: bool) -> Generator[str, None, bool]:
        if ns:
            return (yield from serialize._iter_output(self.tree(), stream, ns, scope, after_text, 0))
        values = iter(self.values)
        after = False
        for segment in self.template.segments:
            if segment[0][0] == LOOP:
                items = next(values)
                for item in items:
                    _write(segment[0][1], iter(item), stream.out, scope, False)
                    yield from stream.flush()
                after = False if items else after
            else:
                after = _write(segment, values, stream.out, scope, after)
        return after


def _write(ops: tuple[tuple[Any, ...], ...], values: Iterator[Any], out: list[str], scope: Any, after: bool) -> bool:
    """Write ``ops`` with the next hole values; returns whether the output ends with text."""
    append = out.append
    for op in ops:
        kind = op[0]
        if kind == STATIC:
            if after and op[2]:
                append(_SEPARATOR)
            append(op[1])
            after = op[3]
        elif kind == CHILD:
            value = next(values)
            kind = type(value)
            if kind is str or kind is int:
                if value != "":
                    if after:
                        append(_SEPARATOR)
                    append(escape_text(value) if kind is str else str(value))
                    after = True
            elif value is not None:
                after = serialize._children(_flatten(op, value), out, 0, scope, after)
        elif kind == LOOP:
            items = next(values)
            if items:
                sub = op[1]
                for item in items:
                    _write(sub, iter(item), out, scope, False)
                after = False
        else:
            append(_start(op, values))
            after = False
    return after


def _start(op: tuple[Any, ...], values: Iterator[Any]) -> str:
    """A start tag with holes: written from its pieces when every value is a plain one, else built by
    the builder itself (a class list, a signal, an empty class, a bad value and its error)."""
    _, builder, prefix, parts, fixed, _name = op
    pieces = [prefix]
    taken = []
    plain = True
    for part in parts:
        kind = part[0]
        if kind is None:
            pieces.append(part[3])
            continue
        value = next(values)
        taken.append(value)
        if kind == ATTR:
            if type(value) is str and (value or not part[3]):
                pieces.append(part[2] + escape_attr(value) + '"')
            else:
                plain = False
        elif kind == KEY:
            plain = plain and (value is None or type(value) is int or type(value) is str)
        elif kind == EVENT:
            plain = plain and (value is None or value is False or callable(value))
    if plain:
        if fixed is not None:
            return fixed  # type: ignore[no-any-return]
        pieces.append(">")
        return "".join(pieces)
    given = iter(taken)
    try:
        return start_tag(builder(**{part[1]: part[2] if part[0] is None else next(given) for part in parts}))
    except (TypeError, ValueError) as exc:
        exc.add_note(f"while rendering <{op[5]}> on the server")  # as the builder's call in its render would
        raise


def _flatten(op: tuple[Any, ...], value: Any) -> tuple[Any, ...]:
    try:
        return tuple(flatten_children(op[1], value))
    except TypeError as exc:
        exc.add_note(f"while rendering <{op[2]}> on the server")
        raise


def compile_for_server(fn: Any) -> Callable[..., Any] | None:
    """The render of ``fn`` on the server when it compiles (it returns a :class:`CompiledOutput`),
    else None."""
    parts = compiled_template(fn)
    if parts is None:
        return None
    values = bind(parts[0], fn)
    template = parts[1]

    def render(**props: Any) -> CompiledOutput:
        return CompiledOutput(template, values(**props))

    return render


serialize.use_compiler(compile_for_server, CompiledOutput)
