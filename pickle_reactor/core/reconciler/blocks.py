"""Compiled rows: a component whose output always has the same shape renders only its holes.

A component such as ``Row`` returns the same element structure on every call; only a few values change
(the ``tr``'s class, two texts, two handlers). Its source is compiled once, in the browser, into two
functions: ``values`` (the component's body, whose ``return`` gives the tuple of hole values) and
``build`` (the returned expression with each hole replaced by its value: the element tree the
component itself would have made); a third, ``clone``, is made from the holes alone. The first two
rows a runtime mounts of a block are built by ``build``, and the second is kept as a template (as
:mod:`.templates` does for element rows); every later row is ``clone``: one CLONE plus a SET op per
hole that differs, with one :class:`BlockFiber` instead of an element tree and ten fibers. A patch
compares two tuples.

Exact, or not at all:
- What compiles: a plain function whose last statement (its only ``return``) is a builder expression:
  calls of HTML builders found in the module's globals (``td(class_="x")``, ``a(on_click=f)``), their
  subscripts (children), constant attributes and texts. Each attribute value and each child that is
  any other expression is a hole. Keys, refs, positional arguments, svg/math, form controls: no.
- At run time a hole must be what the builders turn into one attribute, one text node or one
  handler: a ``str`` (or None) attribute, a non-empty ``str`` (or ``int``) text, a callable handler.
  Any other value (a child element, a list, an empty text, a bool, a signal) expands the row: it is
  built by ``build`` and mounted or diffed as the component's own output, as without compiling.
- Hydration and the server never compile (they call the component itself), and a fiber whose DOM
  came from elsewhere (hydrated, the template row) stays an element tree: when its output is a
  block, the block is expanded. A block that keeps expanding stops being used.
"""

from __future__ import annotations

from typing import Any

from ..nodes import Element
from .block_compiler import ATTR, EVENT, TEXT, bind, compile_block, mount_source
from .fibers import ElementFiber, TextFiber
from .ops import CLONE, LISTEN, REMOVE_ATTR, SET_ATTR, SET_TEXT, TEMPLATE
from .templates import MAX_TEMPLATES

__all__ = ["BlockFiber", "BlockNode", "compiled", "expand", "fits", "materialize", "mount", "patch", "unmount"]

ENABLED = True  # False: every component renders as written (for A/B measurements and tests)
_GIVE_UP = 8  # expansions, with no compiled mount in between, after which a block is not used


class Block:
    """One compiled component: its functions and its holes (kind, node offset, attribute or event
    name, the element's tag)."""

    __slots__ = ("build", "clone", "dead", "fn", "handlers", "holes", "misses", "size", "values")

    def __init__(self, fn: Any, values: Any, build: Any, holes: tuple[tuple[int, int, str, str], ...], size: int,
                 clone: Any) -> None:
        self.fn = fn
        self.values = values  # the component's body: its props in, the tuple of hole values out
        self.build = build
        self.holes = holes
        self.handlers = tuple(offset for kind, offset, _, _ in holes if kind == EVENT)  # node offsets
        self.size = size  # DOM nodes, the root included
        self.clone = clone  # mounts one row from the template (block_compiler.mount_source)
        self.dead = False
        self.misses = 0


class BlockNode:
    """A compiled component's output: its block and the hole values of this render."""

    __slots__ = ("block", "values")
    key = None

    def __init__(self, block: Block, values: tuple[Any, ...]) -> None:
        self.block = block
        self.values = values


class HandlerRef:
    """Stands for an element with handlers inside a block, where the runtime's event dispatch looks
    (``runtime.nodes``): its own ``vnode``, with ``events`` and ``tag``."""

    __slots__ = ("events", "id", "parent", "tag")

    def __init__(self, nid: int, tag: str, events: dict[str, Any], parent: Any) -> None:
        self.id = nid
        self.tag = tag
        self.events = events
        self.parent = parent

    @property
    def vnode(self) -> HandlerRef:
        return self


class BlockFiber:
    """A mounted compiled row: ids ``id`` .. ``id + size - 1`` in document order (as CLONE numbers them)."""

    __slots__ = ("block", "id", "parent", "values")

    def __init__(self, nid: int, block: Block, values: tuple[Any, ...], parent: Any) -> None:
        self.id = nid
        self.block = block
        self.values = values
        self.parent = parent


_by_code: dict[Any, Any] = {}  # code object -> compile_block's parts, or None: compiled once per code
_NOT_YET = object()


def compiled(fn: Any) -> Block | None:
    """The block of component function ``fn`` (kept on the function), compiled on first use, once per
    code object: a component defined inside another's render is a new function each time, not a new
    compile. None when it does not compile."""
    block: Any = getattr(fn, "__pr_block__", _NOT_YET)
    if block is None or (block is not _NOT_YET and block.fn is fn):  # not one copied by functools.wraps
        return block  # type: ignore[no-any-return]
    source = fn.__wrapped__ if hasattr(fn, "__pr_memo__") and hasattr(fn, "__wrapped__") else fn  # memo(Row)
    code = getattr(source, "__code__", None)
    parts = _by_code.get(code, _NOT_YET)
    if parts is _NOT_YET:
        try:
            parts = compile_block(source)
            if parts is not None:
                namespace = dict(_CLONE_NAMES)
                exec(mount_source(parts[2], parts[3]), namespace)  # noqa: S102 - made from the holes alone
                parts = (*parts, namespace["mount"])
        except Exception:  # noqa: BLE001 - anything unexpected: the component renders as it is
            parts = None
        if len(_by_code) < 4096:
            _by_code[code] = parts
    block = None
    if parts is not None:
        values_code, build, holes, size, clone = parts
        block = Block(fn, bind(values_code, source), build, holes, size, clone)
    try:
        fn.__pr_block__ = block
    except (AttributeError, TypeError):  # a callable that keeps no attributes: never compiled
        return None
    return block


def fits(block: Block, values: tuple[Any, ...]) -> tuple[Any, ...] | None:
    """``values`` as the ops need them (ints as text), or None when one is not a plain hole value."""
    out = None
    for i, (hole, value) in enumerate(zip(block.holes, values)):
        kind = hole[0]
        t = type(value)
        if kind == TEXT:
            if t is str and value:
                continue
            if t is not int:
                return None
            if out is None:
                out = list(values)
            out[i] = str(value)
        elif kind == ATTR:
            if (t is not str or not value) and value is not None:  # "": class and style omit it
                return None
        elif not callable(value):
            return None
    return values if out is None else tuple(out)


def expand(node: BlockNode, misfit: bool) -> Any:
    """The element tree the component would have returned. ``misfit``: because a value did not fit
    (a block that keeps not fitting is given up)."""
    block = node.block
    if misfit:
        block.misses += 1
        if block.misses >= _GIVE_UP:
            block.dead = True
    return block.build(node.values)


def mount(c: Any, node: BlockNode, parent: Any, index: int, mount_element: Any) -> Any:
    """Mount a block row: cloned when this runtime has its template, else built (and kept as one)."""
    block = node.block
    templates = c.runtime.templates
    kept = templates.blocks.get(block, False)  # False: never mounted here; None: mounted once
    if kept:
        fiber = block.clone(c, block, node.values, parent, kept[0], kept[1])
        if fiber is not None:
            block.misses = 0
            return fiber
        values = None  # a value that does not fit: built as written
    else:
        values = fits(block, node.values)
    element = expand(node, values is None)
    fiber = mount_element(c, element, parent, "", index)
    if kept is False:
        templates.blocks[block] = None  # a template the second time, as for other rows (templates.py)
    elif values and templates.count < MAX_TEMPLATES and _count(element) == block.size:
        tid = templates.count
        templates.count = tid + 1
        c.ops += (TEMPLATE, tid, fiber.id)
        templates.blocks[block] = (tid, values)
    return fiber


def _count(element: Any) -> int:
    return 1 + sum(_count(k) if type(k) is Element else 1 for k in element.children)


def _set(c: Any, fiber: BlockFiber, values: tuple[Any, ...], was: tuple[Any, ...]) -> None:
    """The ops and handlers that take a mounted row from values ``was`` to ``values``."""
    ops = c.ops
    nid = fiber.id
    for (kind, offset, name, tag), value, old in zip(fiber.block.holes, values, was):
        if value is old:
            continue
        if kind == EVENT:
            _listen(c, fiber, nid + offset, name, tag, value)
        elif value != old:
            if kind == TEXT:
                ops += (SET_TEXT, nid + offset, value)
            elif value is None:
                ops += (REMOVE_ATTR, nid + offset, name)
            else:
                ops += (SET_ATTR, nid + offset, name, value)


def _listen(c: Any, fiber: BlockFiber, nid: int, name: str, tag: str, handler: Any) -> None:
    nodes = c.runtime.nodes
    ref = nodes.get(nid)
    if ref is not None and ref.parent is fiber:
        ref.events[name] = handler
        return
    nodes[nid] = HandlerRef(nid, tag, {name: handler}, fiber)
    if name not in c.root.listening:
        listen_root(c, name)


def listen_root(c: Any, name: str) -> None:
    """The first handler of type ``name`` in this root: the root (and its portals' targets) listen."""
    root = c.root
    root.listening.add(name)
    for target in (root.id, *root.portals):
        c.ops += (LISTEN, target, name)


def patch(c: Any, fiber: BlockFiber, node: BlockNode) -> bool:
    """Bring ``fiber`` up to ``node``'s values; False (nothing done) when they do not fit."""
    values = fits(node.block, node.values)
    if values is None:
        return False
    node.block.misses = 0
    _set(c, fiber, values, fiber.values)
    fiber.values = values
    return True


def unmount(c: Any, fiber: BlockFiber) -> None:
    nodes = c.runtime.nodes
    nid = fiber.id
    for offset in fiber.block.handlers:
        nodes.pop(nid + offset, None)


def materialize(c: Any, fiber: BlockFiber) -> ElementFiber:
    """The element fibers a mount of the same row would have made (same ids), in place of ``fiber``."""
    unmount(c, fiber)
    element = fiber.block.build(fiber.values)
    counter = [fiber.id]
    return _fibers(c, element, fiber.parent, counter)


def _fibers(c: Any, node: Any, parent: Any, counter: list[int]) -> ElementFiber:
    nid = counter[0]
    counter[0] = nid + 1
    fiber = ElementFiber(nid, node, parent, "")
    if node.events:
        c.runtime.nodes[nid] = fiber
    for child in node.children:
        if type(child) is str:
            fiber.children.append(TextFiber(counter[0], child, fiber))
            counter[0] += 1
        else:
            fiber.children.append(_fibers(c, child, fiber, counter))
    return fiber


# What the functions made by block_compiler.mount_source refer to.
_CLONE_NAMES = {"BlockFiber": BlockFiber, "HandlerRef": HandlerRef, "CLONE": CLONE, "SET_TEXT": SET_TEXT,
                "SET_ATTR": SET_ATTR, "REMOVE_ATTR": REMOVE_ATTR, "listen_root": listen_root}
