"""The framework's own source as it ships: docstrings and comments out, every line where it was.

Docstrings and comments are about a third of pickle-reactor's source and are never read in the
browser (nothing there uses ``__doc__``), so they are bytes every first visit downloads for nothing.
Lines keep their numbers, and a code line keeps its text (less a trailing comment), so a traceback from
the browser names the same file, line and code as the source tree. Only ``pickle_reactor``'s files are
slimmed: an app's modules ship as they are written.
"""

from __future__ import annotations

import ast
import io
import tokenize

__all__ = ["slim_source"]

_DOC_OWNERS = (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)


def slim_source(source: bytes) -> bytes:
    """``source`` without docstrings and comments, with the same number of lines (see the module doc)."""
    text = source.decode("utf-8")
    lines = text.splitlines(keepends=True)
    for token in tokenize.generate_tokens(io.StringIO(text).readline):
        if token.type == tokenize.COMMENT:
            (row, col), line = token.start, lines[token.start[0] - 1]
            lines[row - 1] = line[:col].rstrip() + _newline(line)
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, _DOC_OWNERS) and node.body:
            first = node.body[0]
            if (isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant)
                    and isinstance(first.value.value, str) and first.end_lineno is not None):
                _blank_docstring(lines, first, only_statement=len(node.body) == 1)
    slimmed = "".join(lines)
    compile(slimmed, "<slimmed>", "exec", dont_inherit=True)  # a slip here must fail the build, not the browser
    return slimmed.encode("utf-8")


def _blank_docstring(lines: list[str], node: ast.Expr, *, only_statement: bool) -> None:
    """Blank the docstring's lines; a body it is alone in keeps ``...`` so that it stays a body."""
    start, end = node.lineno - 1, (node.end_lineno or node.lineno) - 1
    head, tail = lines[start], lines[end]
    if head[: node.col_offset].strip() or tail[node.end_col_offset or 0 :].strip():
        return  # shares a line with other code (``def f(): "doc"``): left as it is
    indent = head[: node.col_offset]
    lines[start] = (indent + "...") * only_statement + _newline(head)
    for row in range(start + 1, end + 1):
        lines[row] = _newline(lines[row])


def _newline(line: str) -> str:
    return "\n" if line.endswith("\n") else ""
