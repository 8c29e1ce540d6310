"""Compiling a component into a block (see :mod:`.blocks`): its source, read once, gives the two
functions and the holes, or nothing when its output is not one fixed element structure.

``values`` is the component's own body (its hooks, its locals, its closure cells), whose ``return``
gives the tuple of hole values, evaluated in the order the builders would have seen them. ``build``
is the returned expression with each hole replaced by its value. Both are compiled with the
component's file name and line numbers, so a traceback points at the user's own lines.
"""

from __future__ import annotations

import ast
from typing import Any

from ..attributes import event_type
from ..nodes import Element
from ..component_source import bind, compile_parts, head, local_names, returned_expression
from .props import LIVE_TAGS

__all__ = ["ATTR", "EVENT", "TEXT", "bind", "compile_block", "mount_source"]

_NOT_COMPILED = frozenset(("svg", "math", "script", "style", "template", "textarea", "title")) | LIVE_TAGS
TEXT, ATTR, EVENT = 0, 1, 2
_NOT_TEXT = (ast.List, ast.Tuple, ast.Set, ast.Dict, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp,
             ast.BoolOp, ast.Starred, ast.Lambda)


class _Shape:
    """Walks a returned expression: the holes (in evaluation order) and the node offsets."""

    def __init__(self, fn: Any, local_names: set[str]) -> None:
        self.globals = fn.__globals__
        self.local_names = local_names
        self.holes: list[tuple[int, int, str, str]] = []
        self.hole_exprs: list[ast.expr] = []
        self.size = 0

    def builder(self, node: ast.expr) -> Element | None:
        if not isinstance(node, ast.Name) or node.id in self.local_names:
            return None
        found = self.globals.get(node.id)
        if (type(found) is not Element or found.tag in _NOT_COMPILED or found.children or found.key is not None
                or found.events is not None or found.ref is not None):
            return None
        return found

    def text_like(self, expr: ast.expr) -> bool:
        """Whether a child expression may be a text: not a literal list, a comprehension, a hole
        (``None``) or a choice between elements, which never are."""
        if isinstance(expr, ast.IfExp):
            return self.text_like(expr.body) and self.text_like(expr.orelse)
        if isinstance(expr, ast.Constant):
            return type(expr.value) is str or type(expr.value) is int
        return not isinstance(expr, _NOT_TEXT) and self.builder(head(expr)) is None

    def hole(self, expr: ast.expr, kind: int, offset: int, name: str, tag: str = "") -> ast.expr:
        index = len(self.hole_exprs)
        self.hole_exprs.append(expr)
        self.holes.append((kind, offset, name, tag))
        return ast.Subscript(ast.Name("__pr_v", ast.Load()), ast.Constant(index), ast.Load())

    def element(self, node: ast.expr) -> ast.expr | None:
        """``node`` rewritten for ``build``, or None when it is not a fixed element structure."""
        base, kids = (node.value, node.slice) if isinstance(node, ast.Subscript) else (node, None)
        call = base if isinstance(base, ast.Call) else None
        builder = self.builder(call.func if call is not None else base)
        if builder is None or (call is not None and call.args):
            return None
        offset = self.size
        self.size += 1
        if call is not None:
            keywords = []
            for keyword in call.keywords:
                name = keyword.arg
                if name is None or name in ("key", "ref"):
                    return None
                value = keyword.value
                if not (isinstance(value, ast.Constant) and (type(value.value) is str or value.value is None)):
                    if name[:3] == "on_":
                        value = self.hole(value, EVENT, offset, event_type(builder.tag, name), builder.tag)
                    else:
                        names = [n for n in builder(**{name: "x"}).props if n not in builder.props]
                        if len(names) != 1:
                            return None
                        value = self.hole(value, ATTR, offset, names[0])
                keywords.append(ast.keyword(name, value))
            base = ast.Call(call.func, [], keywords)
        if kids is None:
            return base
        children: list[ast.expr] = []
        for kid in kids.elts if isinstance(kids, ast.Tuple) else [kids]:
            if isinstance(kid, ast.Constant) and type(kid.value) is str:
                self.size += 1 if kid.value else 0
                children.append(kid)
                continue
            if self.builder(head(kid)) is not None:
                nested = self.element(kid)
                if nested is None:
                    return None  # an element whose structure is not fixed
            elif not self.text_like(kid):
                return None
            else:
                nested = self.hole(kid, TEXT, self.size, "")
                self.size += 1
            children.append(nested)
        return ast.Subscript(base, ast.Tuple(children, ast.Load()) if len(children) != 1 else children[0], ast.Load())


def compile_block(fn: Any) -> tuple[Any, Any, tuple[tuple[int, int, str, str], ...], int] | None:
    """``(values code, build, holes, size)`` for component function ``fn``, or None. The same for
    every function made from the same code (:func:`bind` gives each its own ``values``)."""
    found = returned_expression(fn)
    if found is None:
        return None
    func, last = found
    shape = _Shape(fn, local_names(fn))
    rewritten = shape.element(last.value)  # type: ignore[arg-type]
    if rewritten is None or not shape.holes:
        return None
    values_code, build = compile_parts(fn, func, last, shape.hole_exprs, rewritten)
    return values_code, build, tuple(shape.holes), shape.size


def mount_source(holes: tuple[tuple[int, int, str, str], ...], size: int) -> str:
    """The source of a function made for these holes (:mod:`.blocks` compiles it) that mounts one
    row cloned from a template: its values checked as :func:`.blocks.fits` does, then the fiber, the
    CLONE op, a SET for each hole that differs from the template's, and a handler reference for each
    event hole. Each hole is one line, so the loops over the holes (a third of a cloned row's mount)
    are gone. It returns the fiber, or None (nothing done) when a value does not fit."""
    n = len(holes)
    names = [f"v{i}" for i in range(n)]
    was = [f"w{i}" for i in range(n)]
    lines = ["def mount(c, block, values, parent, tid, was):",
             f"    {', '.join(names)}, = values"]
    for (kind, _, _, _), v in zip(holes, names):
        if kind == TEXT:
            lines += [f"    if type({v}) is not str or not {v}:",
                      f"        if type({v}) is not int:", "            return None",
                      f"        {v} = str({v})"]
        elif kind == ATTR:  # "": class and style omit it
            lines += [f"    if {v} is not None and (type({v}) is not str or not {v}):", "        return None"]
        else:
            lines += [f"    if not callable({v}):", "        return None"]
    lines += ["    runtime = c.runtime", "    nid = runtime.next_id", f"    runtime.next_id = nid + {size}",
              f"    fiber = BlockFiber(nid, block, ({', '.join(names)},), parent)",
              "    ops = c.ops", "    ops += (CLONE, tid, nid)",
              f"    {', '.join(was)}, = was"]
    events: list[str] = []
    for (kind, offset, name, tag), v, w in zip(holes, names, was):
        if kind == TEXT:
            lines += [f"    if {v} != {w}:", f"        ops += (SET_TEXT, nid + {offset}, {v})"]
        elif kind == ATTR:
            lines += [f"    if {v} != {w}:", f"        if {v} is None:",
                      f"            ops += (REMOVE_ATTR, nid + {offset}, {name!r})", "        else:",
                      f"            ops += (SET_ATTR, nid + {offset}, {name!r}, {v})"]
        else:
            if not events:
                lines += ["    nodes = runtime.nodes", "    listening = c.root.listening"]
            lines.append(f"    nodes[nid + {offset}] = HandlerRef(nid + {offset}, {tag!r}, {{{name!r}: {v}}}, fiber)")
            if name not in events:  # the first handler of its type in the page: the root listens
                events.append(name)
                lines += [f"    if {name!r} not in listening:", f"        listen_root(c, {name!r})"]
    lines.append("    return fiber")
    return "\n".join(lines)
