"""Repeated structures, cloned: the rows of a list are built from one prepared DOM subtree.

A position is where rows repeat: a component's output at one index (the ``tr`` a ``Row`` returns), or
the keyed elements of an element's children (``ul[[li(key=...) ...]]``, by the component that
renders them and the two tags). The second time a position mounts an element subtree, that
subtree's DOM is kept by the kernel as a template (a TEMPLATE op, right after it is built, so the
copy is pristine). From then on, an output of the same shape is mounted with one CLONE op: the kernel copies
the template (``cloneNode``) and numbers its nodes in document order, and only the texts and
attribute values that differ from the template's get a SET_TEXT or SET_ATTR. The fibers are made as
a plain mount makes them, with the same ids in the same order, so everything after the mount
(patches, moves, removal) cannot tell the difference.

Same shape: the same tags, the same attribute names in the same order (values may differ: a per-row
``href``), the same number of children, text where the template has text. Only plain HTML elements
with text and element children qualify (no components, holes, Markup, keys, signal-bound attributes,
svg/math, ``script`` or ``template``), at most :data:`MAX_NODES` nodes. A subtree that does not match
is mounted op by op, as before; a position whose rows keep not matching stops trying.
"""

from __future__ import annotations

from typing import Any

from ..attributes import BoundProps
from ..nodes import Element
from .fibers import ElementFiber, TextFiber
from .ops import CLONE, SET_ATTR, SET_TEXT, TEMPLATE

__all__ = ["GIVE_UP", "MAX_NODES", "MAX_TEMPLATES", "Templates", "shape_of"]

MAX_NODES = 64  # a template is a DOM copy the kernel keeps: small subtrees (rows) only
MAX_TEMPLATES = 512  # per runtime; then no new ones
_PER_POSITION = 4  # shapes kept per position: a row selected or not, ...
GIVE_UP = 32  # misses after which a position that keeps not matching (fewer hits) stops trying
_NOT_CLONED = frozenset(("svg", "math", "script", "template"))

# A shape: (tag, props, children) with a str for a text child and a shape for an element child.
Shape = tuple[str, dict[str, Any], tuple[Any, ...]]


def shape_of(node: Element) -> Shape | None:
    """The shape of an element subtree that a template can stand for, or None."""
    count = [0]
    return _shape(node, count)


def _shape(node: Element, count: list[int]) -> Shape | None:
    count[0] += 1
    if node.tag in _NOT_CLONED or type(node.props) is BoundProps or count[0] > MAX_NODES:
        return None
    kids: list[Any] = []
    child: Any
    for child in node.children:
        kind = type(child)
        if kind is str:
            count[0] += 1
            kids.append(child)
        elif kind is Element and child.key is None:
            shape = _shape(child, count)
            if shape is None:
                return None
            kids.append(shape)
        else:  # a component, a hole, Markup, a portal, a keyed element: mounted op by op
            return None
    return (node.tag, node.props, tuple(kids))


class _Position:
    """What one position has: its templates, and how cloning went."""

    __slots__ = ("hits", "misses", "mounts", "templates")

    def __init__(self) -> None:
        self.mounts = 0
        self.hits = 0
        self.misses = 0
        self.templates: list[tuple[int, Shape]] = []  # (template id, shape)


class Templates:
    """One runtime's templates, by position: (component function, output index) or (component
    function, parent tag, row tag) for keyed rows written inline."""

    __slots__ = ("blocks", "count", "positions")

    def __init__(self) -> None:
        self.positions: dict[tuple[Any, ...], _Position] = {}
        self.blocks: dict[Any, tuple[int, tuple[Any, ...]] | None] = {}  # compiled component -> (template id, its values)
        self.count = 0  # template ids given out: never reused

    def forget(self, since: int = 0) -> None:
        """Drop the templates from id ``since`` on: their TEMPLATE ops were thrown away (an error
        boundary's rollback) or may not have reached the kernel (a failed commit)."""
        for position in self.positions.values():
            position.templates = [entry for entry in position.templates if entry[0] < since]
        self.blocks = {block: kept for block, kept in self.blocks.items() if kept is None or kept[0] < since}

    def mount(self, c: Any, node: Element, parent: Any, index: int, key: tuple[Any, ...], mount_op_by_op: Any) -> Any:
        """Mount ``node`` (child ``index`` of ``parent``) at position ``key``: cloned when a template
        fits, else by ``mount_op_by_op`` (and kept as a template, the second time the position mounts
        one)."""
        position = self.positions.get(key)
        if position is None:
            position = self.positions[key] = _Position()
        trying = position.misses < GIVE_UP or position.hits >= position.misses
        if trying:
            for tid, shape in position.templates:
                fiber = _clone(c, node, tid, shape, parent)
                if fiber is not None:
                    position.hits += 1
                    return fiber
            if position.templates:
                position.misses += 1
        fiber = mount_op_by_op(c, node, parent, "", index)
        position.mounts += 1
        if trying and position.mounts >= 2 and len(position.templates) < _PER_POSITION and self.count < MAX_TEMPLATES:
            found = shape_of(node)
            if found is not None:
                tid = self.count
                self.count = tid + 1
                c.ops += (TEMPLATE, tid, fiber.id)
                position.templates.append((tid, found))
        return fiber


def _clone(c: Any, node: Element, tid: int, shape: Shape, parent: Any) -> ElementFiber | None:
    """Mount ``node`` as a copy of template ``tid``, or None (and nothing done) when it does not fit."""
    runtime = c.runtime
    ops = c.ops
    n_ops = len(ops)
    first = runtime.next_id
    ops += (CLONE, tid, first)
    handlers: list[tuple[int, ElementFiber, Any]] = []
    refs: list[tuple[Any, int]] = []
    fiber = _walk(c, node, shape, parent, handlers, refs)
    if fiber is None:
        del ops[n_ops:]
        runtime.next_id = first
        return None
    listen = _listen
    for nid, element_fiber, events in handlers:
        listen(c, nid, element_fiber, events)
    if refs:
        c.refs += refs
    return fiber


def _walk(c: Any, node: Element, shape: Shape, parent: Any, handlers: list[Any], refs: list[Any]) -> ElementFiber | None:
    tag, props, kids = shape
    children: tuple[Any, ...] = node.children
    if node.tag != tag or len(children) != len(kids):
        return None
    runtime = c.runtime
    nid = runtime.next_id
    runtime.next_id = nid + 1
    node_props = node.props
    if node_props is not props and node_props != props:  # the same names in the same order, new values
        if type(node_props) is BoundProps or len(node_props) != len(props):
            return None
        for (name, value), (was, old) in zip(node_props.items(), props.items()):
            if name != was:
                return None
            if value != old:
                c.ops += (SET_ATTR, nid, name, "" if value is True else value)
    fiber = ElementFiber(nid, node, parent, "")
    if node.events:
        handlers.append((nid, fiber, node.events))
    if children:
        fibers = fiber.children
        for child, kid in zip(children, kids):
            kind = type(child)
            if kind is str:
                if type(kid) is not str:
                    return None
                cid = runtime.next_id
                runtime.next_id = cid + 1
                if child != kid:
                    c.ops += (SET_TEXT, cid, child)
                fibers.append(TextFiber(cid, child, fiber))
            elif kind is Element and type(kid) is tuple and child.key is None:
                child_fiber = _walk(c, child, kid, fiber, handlers, refs)
                if child_fiber is None:
                    return None
                fibers.append(child_fiber)
            else:
                return None
    if node.ref is not None:  # children's refs first, as mount
        refs.append((node.ref, nid))
    return fiber


_listen: Any = None


def bind(listen: Any) -> None:
    """Called once by :mod:`.diff` (which imports this module)."""
    global _listen
    _listen = listen
