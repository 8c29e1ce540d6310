"""The framework's shipped source: no docstrings or comments, and every code line where it was."""

from __future__ import annotations

import ast
import io
import tokenize
import types
from pathlib import Path

import pytest

from pickle_reactor.server.bundle import PACKAGE_DIR
from pickle_reactor.server.slim import slim_source

SHIPPED = sorted(
    [PACKAGE_DIR / name for name in ("__init__.py", "html.py", "svg.py")]
    + [path for folder in ("core", "browser") for path in (PACKAGE_DIR / folder).rglob("*.py")
       if "__pycache__" not in path.parts]
)


def _code_lines(code: types.CodeType) -> set[tuple[str, int | None]]:
    """(function, line) of every instruction, nested functions and classes included."""
    found = {(code.co_qualname, line) for _, _, line in code.co_lines() if line is not None}
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            found |= _code_lines(const)
    return found


def _without_docstrings(tree: ast.AST) -> str:
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) \
                and isinstance(body[0].value, ast.Constant) and isinstance(body[0].value.value, str):
            node.body = body[1:] or [ast.Expr(ast.Constant(...))]  # type: ignore[attr-defined]
    return ast.dump(tree)


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.relative_to(PACKAGE_DIR).as_posix())
def test_slimmed_source_is_the_same_program_on_the_same_lines(path: Path) -> None:
    original = path.read_text("utf-8")
    slimmed = slim_source(original.encode()).decode()
    assert slimmed.count("\n") == original.count("\n")
    assert _without_docstrings(ast.parse(slimmed)) == _without_docstrings(ast.parse(original))
    before, after = original.splitlines(), slimmed.splitlines()
    for number, (old, new) in enumerate(zip(before, after, strict=True), 1):
        assert new.strip() in ("", "...") or old.startswith(new), (path.name, number, old, new)
    comments = [t for t in tokenize.generate_tokens(io.StringIO(slimmed).readline) if t.type == tokenize.COMMENT]
    assert comments == [], (path.name, comments[:3])
    lines_of = {line for _, line in _code_lines(compile(slimmed, path.name, "exec"))}
    assert lines_of <= {line for _, line in _code_lines(compile(original, path.name, "exec"))} | {None}


def test_docstrings_and_comments_are_gone_and_bodies_stay_bodies() -> None:
    source = b'''"""Module doc."""
from __future__ import annotations

# a comment line
class A:
    """Only a docstring."""


def f(x):  # trailing
    """Doc
    over two lines."""
    s = "# not a comment"
    return s  # gone


def g(): "same line: kept"
'''
    slimmed = slim_source(source).decode()
    assert slimmed == '''
from __future__ import annotations


class A:
    ...


def f(x):


    s = "# not a comment"
    return s


def g(): "same line: kept"
'''
    namespace: dict[str, object] = {}
    exec(compile(slimmed, "<test>", "exec"), namespace)  # noqa: S102 - the slimmed program must run
    assert namespace["f"](1) == "# not a comment"  # type: ignore[operator]

