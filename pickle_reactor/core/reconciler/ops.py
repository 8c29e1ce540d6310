"""The op buffer: one flat list of ints and strs per commit, applied by a DOM backend in one call.

The layout is the contract in ``docs/architecture.md`` ("The op buffer"); the browser kernel in
``browser/boot.mjs`` and :mod:`pickle_reactor.testing.document` both decode it. Node ids are positive ints,
``0`` means "none" (``INSERT p n 0`` appends).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

__all__ = [
    "ARITY",
    "CLEAR",
    "CLONE",
    "CREATE",
    "CREATE_TEXT",
    "INSERT",
    "LISTEN",
    "NAMES",
    "PORTAL",
    "REMOVE",
    "REMOVE_ATTR",
    "SET_ATTR",
    "SET_HTML",
    "SET_PROP",
    "SET_TEXT",
    "TEMPLATE",
    "Op",
    "count_ops",
    "format_ops",
    "iter_ops",
]

CREATE = 1  # id, tag, ns
CREATE_TEXT = 2  # id, text
SET_ATTR = 3  # id, name, value
REMOVE_ATTR = 4  # id, name
SET_PROP = 5  # id, name, value (value: str; checked/selected: 0/1)
SET_TEXT = 6  # id, text
INSERT = 7  # parent, id, before
REMOVE = 8  # id
LISTEN = 9  # root, type
SET_HTML = 10  # id, html
PORTAL = 11  # id, selector: the element document.querySelector(selector) finds becomes node id (a portal target)
CLEAR = 12  # id: remove every child of element id (each one's ids are released, as REMOVE)
TEMPLATE = 13  # template, id: keep a copy of node id (just built, detached) as template number template
CLONE = 14  # template, id: a copy of the template; its nodes get ids id, id+1, ... in document order

# Operands per opcode, so that a buffer can be walked without knowing what each op means.
ARITY = (0, 3, 2, 3, 2, 3, 2, 3, 1, 2, 2, 2, 1, 2, 2)
NAMES = ("", "CREATE", "CREATE_TEXT", "SET_ATTR", "REMOVE_ATTR", "SET_PROP", "SET_TEXT", "INSERT", "REMOVE",
         "LISTEN", "SET_HTML", "PORTAL", "CLEAR", "TEMPLATE", "CLONE")

Op = int | str


def iter_ops(ops: Sequence[Op]) -> Iterator[tuple[Op, ...]]:
    """Split a buffer into ``(opcode, *operands)`` tuples; ValueError on an unknown opcode."""
    i = 0
    n = len(ops)
    while i < n:
        code = ops[i]
        if type(code) is not int or not 0 < code < len(ARITY):
            raise ValueError(f"op buffer: unknown opcode {code!r} at index {i}")
        end = i + 1 + ARITY[code]
        if end > n:
            raise ValueError(f"op buffer: {NAMES[code]} at index {i} is missing operands")
        yield tuple(ops[i:end])
        i = end


def count_ops(ops: Sequence[Op]) -> dict[str, int]:
    """How many ops of each kind a buffer holds, by name (``{"INSERT": 2, ...}``)."""
    counts: dict[str, int] = {}
    for op in iter_ops(ops):
        name = NAMES[op[0]]  # type: ignore[index]
        counts[name] = counts.get(name, 0) + 1
    return counts


def format_ops(ops: Sequence[Op]) -> str:
    """A readable listing of a buffer, one op a line (for debugging and failing tests)."""
    return "\n".join(f"{NAMES[op[0]]} {' '.join(map(repr, op[1:]))}" for op in iter_ops(ops))  # type: ignore[index]
