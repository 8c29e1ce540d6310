"""Diff one node: mount a new subtree, patch a matched fiber, remove a subtree, render a component.

Long because mounting, patching, removing and rendering one node share the commit's buffers and call
each other: split, they would import each other in a circle.

Everything appends to the commit's op buffer (``c.ops``) and never touches a DOM. A new subtree is
built detached (its children are inserted into it before it is placed), so that the live document
sees one insertion per new subtree. Child lists are diffed by :mod:`.children`.
"""

from __future__ import annotations

import sys
from typing import Any

from .. import boundary as _boundary
from .. import hooks
from ..attributes import SUPPRESS_HYDRATION_WARNING, BoundProps
from ..nodes import ComponentElement, Element, FragmentNode, flatten_children
from ..portal import PortalNode
from ..spec import MATHML_NAMESPACE, SVG_NAMESPACE
from . import bindings as _bindings
from . import blocks as _blocks
from . import children as _children
from . import templates as _templates
from .children import is_markup, markup_only
from .fibers import ComponentFiber, ElementFiber, PortalFiber, TextFiber
from .ops import (
    CREATE,
    CREATE_TEXT,
    INSERT,
    LISTEN,
    PORTAL,
    REMOVE,
    SET_ATTR,
    SET_HTML,
    SET_TEXT,
)
from .props import diff_props

__all__ = [
    "Commit",
    "checkpoint",
    "child_namespace",
    "component_output",
    "insert_all",
    "is_markup",
    "listen",
    "markup_only",
    "mount",
    "new_component",
    "owner_of",
    "patch",
    "queue_effects",
    "remove",
    "render",
    "rollback",
    "unmount",
]

# Elements whose children are HTML again inside svg/math (HTML integration points, as core/serialize.py).
_HTML_INSIDE = {SVG_NAMESPACE: frozenset(("foreignObject", "desc", "title")),
                MATHML_NAMESPACE: frozenset(("mi", "mo", "mn", "ms", "mtext"))}
_ENTER = {"svg": SVG_NAMESPACE, "math": MATHML_NAMESPACE}
_MAX_RERENDERS = 25


class Commit:
    """What one commit collects: the op buffer, effects to run (in order), unmounted components,
    refs to set once the ops are applied, and the root whose listeners new handlers need.
    ``warnings``: hydration warnings held back while an error boundary's children are tried (dropped
    when the boundary hydrates its fallback instead), or None: sent at once."""

    __slots__ = ("layout", "lone", "ops", "passive", "refs", "root", "runtime", "unmounted", "warnings")

    def __init__(self, runtime: Any, root: Any = None) -> None:
        self.runtime = runtime
        self.root = root
        self.ops: list[Any] = []
        self.layout: list[Any] = []
        self.passive: list[Any] = []
        self.unmounted: list[ComponentFiber] = []
        self.refs: list[tuple[Any, int]] = []
        self.warnings: list[str] | None = None
        self.lone = False  # it renders one dirty component, and no other fiber has an update


def child_namespace(tag: str, ns: str) -> tuple[str, str]:
    """(namespace of the element, namespace of its children) for ``tag`` created inside ``ns``."""
    if ns:
        return ns, ("" if tag in _HTML_INSIDE[ns] else ns)
    entered = _ENTER.get(tag)
    if entered is not None:
        return entered, entered
    return "", ""


def owner_of(fiber: Any) -> ComponentFiber | None:
    """The nearest component at or above ``fiber``."""
    while fiber is not None and type(fiber) is not ComponentFiber:
        fiber = fiber.parent
    return fiber


def listen(c: Commit, nid: int, fiber: ElementFiber, events: dict[str, Any]) -> None:
    c.runtime.nodes[nid] = fiber
    root = c.root
    listening = root.listening
    for kind in events:
        if kind not in listening:
            if kind == SUPPRESS_HYDRATION_WARNING:
                continue  # a flag, not an event type
            listening.add(kind)
            c.ops += (LISTEN, root.id, kind)
            for target in root.portals:  # events inside portals reach their targets' listeners
                c.ops += (LISTEN, target, kind)


def mount(c: Commit, node: Any, parent: Any, ns: str, index: int) -> Any:
    """Create the fiber (and the detached DOM) for ``node``; the caller inserts it. A hole (None)
    has no fiber: None."""
    kind = type(node)
    runtime = c.runtime
    if kind is str:
        nid = runtime.next_id
        runtime.next_id = nid + 1
        c.ops += (CREATE_TEXT, nid, node)
        return TextFiber(nid, node, parent)
    if kind is Element:
        nid = runtime.next_id
        runtime.next_id = nid + 1
        tag = node.tag
        if ns or tag == "svg" or tag == "math":
            own_ns, inner_ns = child_namespace(tag, ns)
        else:
            own_ns = inner_ns = ""
        ops = c.ops
        ops += (CREATE, nid, tag, own_ns)
        props = node.props
        if props:  # set_props, inlined: every new element comes through here
            for name, value in props.items():
                ops += (SET_ATTR, nid, name, "" if value is True else value)
        fiber = ElementFiber(nid, node, parent, inner_ns)
        if type(node.props) is BoundProps:
            _bindings.bind(c, fiber)
        if node.events:
            listen(c, nid, fiber, node.events)
        kids = node.children
        if kids:
            if kids[0] is None:
                kids = markup_only(kids)
            first = kids[0]
            if type(first) is not str and isinstance(first, str) and len(kids) == 1:  # is_markup, inlined
                ops += (SET_HTML, nid, str(first))
                fiber.html = first
            else:
                fibers = fiber.children
                keys: set[Any] | None = None
                for i, child in enumerate(kids):
                    ctype = type(child)
                    if ctype is str:  # inlined text: the commonest child
                        cid = runtime.next_id
                        runtime.next_id = cid + 1
                        ops += (CREATE_TEXT, cid, child, INSERT, nid, cid, 0)
                        fibers.append(TextFiber(cid, child, fiber))
                        continue
                    key = child.key if ctype is Element or ctype is ComponentElement else getattr(child, "key", None)
                    if key is not None:
                        if keys is None:
                            keys = {key}
                        elif key in keys:
                            _children.check_keys(fiber, kids)
                        else:
                            keys.add(key)
                    if key is not None and ctype is Element and not inner_ns:  # a row of a list
                        child_fiber = mount_row(c, child, fiber, i)
                    else:
                        child_fiber = mount(c, child, fiber, inner_ns, i)
                    fibers.append(child_fiber)
                    if type(child_fiber) is ComponentFiber:
                        insert_all(c, child_fiber, nid, 0)
                    elif child_fiber is not None:
                        ops += (INSERT, nid, child_fiber.id, 0)
        if node.ref is not None:  # after the children's: refs are attached children first, as React
            c.refs.append((node.ref, nid))
        return fiber
    if kind is ComponentElement:
        return mount_component(c, node, parent, ns, index)
    if node is None:
        return None
    if kind is PortalNode:
        return mount_portal(c, node, parent)
    if isinstance(node, str):
        raise TypeError(
            f"<{_parent_name(parent)}>: Markup must be the only child of its element to be rendered in the "
            "browser; wrap it in its own element"
        )
    raise TypeError(f"cannot render {type(node).__name__} {node!r}")


def mount_row(c: Commit, node: Element, parent: Any, index: int) -> Any:
    """Mount a keyed element of an element's children (a row of an inline list): cloned once a row
    of its shape repeats in lists of that tag that its component renders."""
    owner = owner_of(parent)
    position = (owner.type if owner is not None else None, parent.vnode.tag, node.tag)
    return c.runtime.templates.mount(c, node, parent, index, position, mount)


def mount_child(c: Commit, node: Any, parent: Any, ns: str, index: int) -> Any:
    """``mount`` for the keyed diff's new children: a keyed element in an element is a row."""
    if type(node) is Element and node.key is not None and not ns and type(parent) is ElementFiber:
        return mount_row(c, node, parent, index)
    return mount(c, node, parent, ns, index)


def _parent_name(parent: Any) -> str:
    if type(parent) is ElementFiber:
        return parent.vnode.tag
    owner = owner_of(parent)
    return owner.name if owner is not None else "root"


def new_component(c: Commit, node: ComponentElement, parent: Any, index: int) -> ComponentFiber:
    """A fiber for a new component, with its tree path (the server computes the same, for use_id)."""
    owner = owner_of(parent)
    if owner is None:
        return ComponentFiber(node, parent, c.root, 1, hooks.child_path(None, 0, index))
    fiber = ComponentFiber(node, parent, c.root, owner.depth + 1, hooks.child_path(owner.path, owner.child_count, index))
    owner.child_count += 1
    return fiber


def mount_component(c: Commit, node: ComponentElement, parent: Any, ns: str, index: int) -> ComponentFiber:
    fiber = new_component(c, node, parent, index)
    if _blocks.ENABLED and not ns:
        block = getattr(fiber.type, "__pr_block__", None)  # compiled()'s common case, inlined
        fiber.block = block if block is not None and block.fn is fiber.type else _blocks.compiled(fiber.type)
    saved = checkpoint(c, fiber) if fiber.type is _boundary.BOUNDARY else None
    _mount_output(c, fiber, render(c, fiber), ns)
    if saved is not None and _boundary.caught_now(fiber):
        # A component below failed while mounting: its DOM was never inserted; throw that subtree
        # away (no effect of it runs) and mount the fallback in its place, in the same commit.
        rollback(c, fiber, saved)
        _mount_output(c, fiber, render(c, fiber), ns)
    if fiber.effects:
        queue_effects(c, fiber)
    return fiber


def _mount_output(c: Commit, fiber: ComponentFiber, output: list[Any] | None, ns: str) -> None:
    if output:
        fibers = fiber.children
        try:
            if type(output[0]) is _blocks.BlockNode:  # a compiled component's output: it is the only one
                fibers.append(_blocks.mount(c, output[0], fiber, 0, mount))
                return
            if len(output) > 1:
                _children.check_keys(fiber, output)
            templates = c.runtime.templates
            for i, child in enumerate(output):
                if type(child) is Element and not ns:  # a row of a list: cloned once its shape repeats
                    fibers.append(templates.mount(c, child, fiber, i, (fiber.type, i), mount))
                else:
                    fibers.append(mount(c, child, fiber, ns, i))
        except Exception as exc:  # noqa: BLE001 - reported; keeps what was mounted
            c.runtime.fail(fiber, "render", exc)


def checkpoint(c: Commit, fiber: ComponentFiber) -> tuple[Any, ...]:
    """Where the commit stands before an error boundary mounts (or hydrates) its children."""
    return (len(c.ops), len(c.refs), len(c.layout), len(c.passive), len(c.unmounted),
            set(c.root.listening), fiber.child_count, c.runtime.templates.count)


def rollback(c: Commit, fiber: ComponentFiber, saved: tuple[Any, ...]) -> None:
    """Forget the children a boundary mounted since ``checkpoint``: their ops, refs, effects and
    handlers; the DOM they were built into was never inserted (or, hydrating, never changed)."""
    for child in fiber.children:
        if child is not None and type(child) is not TextFiber:
            unmount(c, child)
    fiber.children = []
    n_ops, n_refs, n_layout, n_passive, n_unmounted, listening, fiber.child_count, n_templates = saved
    del c.ops[n_ops:], c.refs[n_refs:], c.layout[n_layout:], c.passive[n_passive:], c.unmounted[n_unmounted:]
    c.root.listening = listening
    c.runtime.templates.forget(n_templates)  # their TEMPLATE ops are gone


def mount_portal(c: Commit, node: PortalNode, parent: Any) -> PortalFiber:
    """Register the portal's target (the PORTAL op), listen there too, and mount the children into it."""
    runtime = c.runtime
    nid = runtime.next_id
    runtime.next_id = nid + 1
    ops = c.ops
    ops += (PORTAL, nid, node.target)
    fiber = PortalFiber(nid, node, parent)
    runtime.portals[nid] = fiber
    root = c.root
    root.portals.append(nid)
    for kind in root.listening:
        ops += (LISTEN, nid, kind)
    kids = node.children
    if kids:
        _children.check_keys(fiber, kids)
        fibers = fiber.children
        for i, child in enumerate(kids):
            child_fiber = mount(c, child, fiber, "", i)
            fibers.append(child_fiber)
            insert_all(c, child_fiber, nid, 0)
    return fiber


def queue_effects(c: Commit, fiber: ComponentFiber) -> None:
    """Queue the effects of a finished render: called after its children, so children come first."""
    for effect in fiber.effects:  # type: ignore[union-attr]
        hooks.commit_effect(effect)
        (c.layout if effect.layout else c.passive).append(effect)
    fiber.effects = None


def component_output(output: Any, name: str) -> list[Any]:
    """A component's return value as a flat child list."""
    kind = type(output)
    if kind is Element or kind is ComponentElement:
        return [output]
    if output is None or output is True or output is False:
        return []
    if kind is str:
        return [output] if output else []
    if kind is FragmentNode:
        if output.key is not None:  # a keyed fragment stays a group, as React's
            return [output.group()]
        return list(output.children)
    if kind is PortalNode or kind is _blocks.BlockNode:
        return [output]
    return flatten_children(f"<{name}>", output)


def render(c: Commit, fiber: ComponentFiber) -> list[Any] | None:
    """Call the component; its output as a child list, or None when it raised (reported; the caller
    keeps the last good output)."""
    fiber.dirty = False
    previous = _bindings.begin_render(fiber)  # hooks' begin_render, and its signal reads tracked
    try:
        node = fiber.vnode
        for _ in range(_MAX_RERENDERS):
            fiber.rerender = False
            fiber.effects = None
            block = fiber.block
            if block is None:
                output = fiber.type(**node.props)
            elif block.fn is fiber.type and not block.dead:
                output = _blocks.BlockNode(block, block.values(**node.props))
            else:  # given up, or a new function (Fast Refresh)
                fiber.block = None
                output = fiber.type(**node.props)
            if not fiber.rerender:
                break
            hooks.end_render(fiber, fiber, True)  # checks the hook count of the discarded pass
            fiber.hook_index = 0
        else:
            raise RuntimeError(
                f"<{fiber.name}>: too many re-renders: it sets its own state on every render"
            )
    except Exception:  # noqa: BLE001 - reported, the runtime carries on
        _bindings.end_render(fiber, previous, False)
        fiber.effects = None
        c.runtime.fail(fiber, "render", sys.exc_info()[1])
        return None
    try:
        _bindings.end_render(fiber, previous, True)
        if type(output) is _blocks.BlockNode:  # a compiled component's: the commonest output of a row
            return [output]
        if hasattr(output, "__await__"):
            output.close()
            raise TypeError(f"<{fiber.name}> is an async function; components must be plain functions")
        return component_output(output, fiber.name)
    except Exception:  # noqa: BLE001 - reported, the runtime carries on
        fiber.effects = None
        c.runtime.fail(fiber, "render", sys.exc_info()[1])
        return None


def rerender(c: Commit, fiber: ComponentFiber, ns: str) -> None:
    """Render a mounted component again and diff its output; leaves moves in ``fiber.place``."""
    output = render(c, fiber)
    if output is None:
        return
    old = fiber.children
    if len(old) == 1 and type(old[0]) is _blocks.BlockFiber:
        if output and type(output[0]) is _blocks.BlockNode and old[0].block is output[0].block and _blocks.patch(c, old[0], output[0]):
            if fiber.effects:
                queue_effects(c, fiber)
            return
        old[0] = _blocks.materialize(c, old[0])  # diffed as the element tree it stands for
    if output and type(output[0]) is _blocks.BlockNode:
        output = [_blocks.expand(output[0], _blocks.fits(output[0].block, output[0].values) is None)]
    try:
        moves = _children.diff_children(c, fiber, output, ns)
    except Exception as exc:  # noqa: BLE001 - reported; old children stay
        c.runtime.fail(fiber, "render", exc)
        return
    if moves is not None:
        fiber.place = moves if fiber.place is None else [1] * len(fiber.children)
    if fiber.effects:
        queue_effects(c, fiber)


def patch(c: Commit, fiber: Any, node: Any, ns: str) -> None:
    """Bring a matched fiber (same type and key) up to ``node``."""
    kind = type(fiber)
    if kind is TextFiber:
        if fiber.text != node:
            c.ops += (SET_TEXT, fiber.id, node)
            fiber.text = node
        return
    if kind is ElementFiber:
        old = fiber.vnode
        if old is node:
            return
        fiber.vnode = node
        nid = fiber.id
        if old.props is not node.props:
            diff_props(c.ops, nid, node.tag, old.props, node.props)
            if fiber.bound is not None or type(node.props) is BoundProps:
                _bindings.rebind(c, fiber, old.props)
        events = node.events
        if events is not old.events:
            if events:
                if not old.events:
                    listen(c, nid, fiber, events)
                elif len(events) != 1 or next(iter(events)) not in c.root.listening:
                    listen(c, nid, fiber, events)  # new handlers of a known type need nothing
            elif old.events:
                c.runtime.nodes.pop(nid, None)
        if node.ref is not old.ref and old.ref is not None:
            c.refs.append((old.ref, 0))
        if node.children is not old.children:
            try:
                _patch_children(c, fiber, node, old)
            except BaseException:
                # Its children are now part patched, part not: no node list says what they were
                # rendered from, so the next diff must not take this one's (diff_children's old_nodes).
                fiber.vnode = Element(node.tag, node.props, (), node.key, node.events, node.ref)
                raise
        if node.ref is not old.ref and node.ref is not None:
            c.refs.append((node.ref, nid))  # after its children's: refs are attached children first
        return
    if kind is PortalFiber:
        fiber.vnode = node
        moves = _children.diff_children(c, fiber, node.children, "")
        if moves is not None:
            _children.place(c, fiber.children, moves, fiber.id, 0)
        return
    # a component
    if fiber.vnode is node and (not fiber.dirty or not hooks.has_updates(fiber)):
        fiber.dirty = False
        return
    compare = getattr(fiber.type, "__pr_memo__", None)
    if compare is not None and compare(fiber.vnode.props, node.props) and (
            not fiber.dirty or not hooks.has_updates(fiber)):
        fiber.dirty = False  # memo: equal props and no update of its own; keeps the props it rendered
        return
    fiber.vnode = node
    rerender(c, fiber, ns)


def _patch_children(c: Commit, fiber: ElementFiber, node: Element, old: Element) -> None:
    nid = fiber.id
    kids = node.children
    if kids and kids[0] is None:
        kids = markup_only(kids)
    if len(kids) == 1 and type(kids[0]) is str and fiber.html is None:
        current = fiber.children
        if len(current) == 1 and type(current[0]) is TextFiber:  # the commonest case: one text
            text = current[0]
            if text.text != kids[0]:
                c.ops += (SET_TEXT, text.id, kids[0])
                text.text = kids[0]
            return
    if len(kids) == 1 and is_markup(kids[0]):
        if fiber.html != kids[0]:
            for child in fiber.children:
                unmount(c, child)
            fiber.children = []
            c.ops += (SET_HTML, nid, str(kids[0]))
            fiber.html = kids[0]  # type: ignore[assignment]
        return
    if fiber.html is not None:
        c.ops += (SET_HTML, nid, "")
        fiber.html = None
    moves = _children.diff_children(c, fiber, kids, fiber.ns, old.children)
    if moves is not None:
        _children.place(c, fiber.children, moves, nid, 0)


def insert_all(c: Commit, fiber: Any, parent_id: int, before: int) -> None:
    """INSERT every top-level DOM node of ``fiber`` before ``before``, in order."""
    if type(fiber) is ComponentFiber:
        fiber.place = None  # moving the whole component puts its children in order too
        for child in fiber.children:
            insert_all(c, child, parent_id, before)
    elif fiber is not None and type(fiber) is not PortalFiber:  # a portal's DOM is in its target
        c.ops += (INSERT, parent_id, fiber.id, before)


def remove(c: Commit, fiber: Any) -> None:
    """Detach ``fiber``'s DOM nodes and unmount its subtree."""
    if type(fiber) is ComponentFiber:
        _remove_dom(c, fiber)
    elif fiber is None:  # a hole
        return
    elif type(fiber) is not PortalFiber:  # a portal's DOM goes when it is unmounted
        c.ops += (REMOVE, fiber.id)
    if type(fiber) is not TextFiber:
        unmount(c, fiber)


def _remove_dom(c: Commit, fiber: ComponentFiber | PortalFiber) -> None:
    for child in fiber.children:
        if type(child) is ComponentFiber:
            _remove_dom(c, child)
        elif type(child) is PortalFiber:
            continue  # removed from its target by unmount()
        elif child is not None:
            c.ops += (REMOVE, child.id)


def unmount(c: Commit, fiber: Any) -> None:
    """Forget a removed subtree: handlers, refs, context subscriptions; queue effect cleanups
    (parents before children, as React)."""
    kind = type(fiber)
    if kind is ElementFiber:
        node = fiber.vnode
        if node.events:
            c.runtime.nodes.pop(fiber.id, None)
        if fiber.bound is not None:
            _bindings.unbind(fiber)
        if node.ref is not None:
            c.refs.append((node.ref, 0))
        for child in fiber.children:
            if child is not None and type(child) is not TextFiber:
                unmount(c, child)
    elif kind is ComponentFiber:
        fiber.alive = False
        fiber.dirty = False
        if fiber.watcher is not None:
            fiber.watcher.dispose()  # its signals forget it
        c.unmounted.append(fiber)
        if fiber.contexts:
            for provider in fiber.contexts:
                if provider.subscribers is not None:
                    provider.subscribers.discard(fiber)
        for child in fiber.children:
            if child is not None and type(child) is not TextFiber:
                unmount(c, child)
    elif kind is _blocks.BlockFiber:
        _blocks.unmount(c, fiber)
    elif kind is PortalFiber:  # its DOM is not inside what was removed: remove it from the target
        _remove_dom(c, fiber)
        c.runtime.portals.pop(fiber.id, None)
        portals = fiber.parent.root.portals  # the parent is the Portal component
        if fiber.id in portals:
            portals.remove(fiber.id)
        for child in fiber.children:
            if child is not None and type(child) is not TextFiber:
                unmount(c, child)


_children.bind(mount_child, patch, remove, insert_all, unmount)
_templates.bind(listen)
