"""A component's own source, read for compiling: the browser's compiled rows
(``reconciler/block_compiler.py``) and the server's compiled templates (``server/ssr_compiler.py``)
both turn a component into ``values`` (its body, returning the values of the holes) and ``build``
(its returned expression, holes filled in), compiled with the component's file and line numbers.
"""

from __future__ import annotations

import ast
import inspect
import textwrap
import types
from typing import Any

__all__ = ["bind", "compile_parts", "head", "local_names", "returned_expression"]


def _returns(nodes: Any) -> int:
    """The ``return`` statements among ``nodes``, not those of the functions inside them; 2 for a
    generator or a coroutine (never compiled)."""
    count = 0
    for node in nodes:
        if isinstance(node, (ast.Yield, ast.YieldFrom, ast.Await)):
            return 2
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            count += isinstance(node, ast.Return) + _returns(ast.iter_child_nodes(node))
    return count


def head(expr: ast.expr) -> ast.expr:
    """``td`` of ``td``, ``td(...)``, ``td[...]`` and ``td(...)[...]``."""
    if isinstance(expr, ast.Subscript):
        expr = expr.value
    return expr.func if isinstance(expr, ast.Call) else expr


def returned_expression(fn: Any) -> tuple[ast.FunctionDef, ast.Return] | None:
    """The parsed function and its ``return``, when that is its last statement and its only one."""
    code = getattr(fn, "__code__", None)
    if code is None or fn.__name__ == "<lambda>":
        return None
    tree = ast.parse(textwrap.dedent(inspect.getsource(fn)))
    ast.increment_lineno(tree, code.co_firstlineno - 1)
    if len(tree.body) != 1 or not isinstance(tree.body[0], ast.FunctionDef):
        return None
    func = tree.body[0]
    last = func.body[-1]
    if _returns(func.body) != 1 or not isinstance(last, ast.Return) or last.value is None:
        return None
    return func, last


def local_names(fn: Any) -> set[str]:
    code = fn.__code__
    return set(code.co_varnames) | set(code.co_cellvars) | set(code.co_freevars)


def compile_parts(fn: Any, func: ast.FunctionDef, last: ast.Return, holes: list[ast.expr],
                  build: ast.expr) -> tuple[Any, Any]:
    """``(values code, build)``: the same for every function made from ``fn``'s code (:func:`bind`
    gives each its own ``values``)."""
    func.decorator_list = []
    last.value = ast.Tuple(holes, ast.Load())
    free = fn.__code__.co_freevars
    # the body inside a factory whose parameters are its free names, so that they stay free in it;
    # annotations are not evaluated (this module's ``from __future__ import annotations`` is inherited)
    module = ast.parse(f"def __pr_factory({','.join(free)}): pass\ndef __pr_build(__pr_v): pass")
    module.body[0].body = [func, ast.Return(ast.Name(func.name, ast.Load()))]  # type: ignore[attr-defined]
    module.body[1].body = [ast.Return(build)]  # type: ignore[attr-defined]
    ast.fix_missing_locations(module)
    namespace: dict[str, Any] = {}
    exec(compile(module, fn.__code__.co_filename, "exec"), fn.__globals__, namespace)  # noqa: S102 - the user's own code
    inner = namespace["__pr_factory"](*([None] * len(free)))
    # the component's own name in errors ("Row() missing 1 required ..."), not the factory's
    return inner.__code__.replace(co_qualname=fn.__code__.co_qualname), namespace["__pr_build"]


def bind(values_code: Any, fn: Any) -> Any:
    """The compiled body as a function of ``fn``'s own: its globals, closure cells and defaults."""
    cells = dict(zip(fn.__code__.co_freevars, fn.__closure__ or ()))
    values = types.FunctionType(values_code, fn.__globals__, fn.__name__, fn.__defaults__,
                                tuple(cells[n] for n in values_code.co_freevars))
    values.__kwdefaults__ = fn.__kwdefaults__
    values.__qualname__ = fn.__qualname__
    return values
