"""Hydration: adopt the server-rendered DOM as the first render instead of creating it again.

The backend describes the DOM under the island root as one flat pre-order list (the "hydration
snapshot" of ``docs/architecture.md``)::

    element: 1, tag, ns, n_attrs, name1, value1, ..., n_children
    text:    3, data

node ids follow the order, starting right after the container's. The first render walks this list:
matching nodes are adopted (no op but LISTEN); a differing attribute or text is patched; a node of
another kind or tag is replaced by a client render (REMOVE + CREATE/INSERT). Every difference is
reported through ``runtime.warn`` naming the component and what differed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..attributes import SUPPRESS_HYDRATION_WARNING, BoundProps
from ..boundary import caught_now, is_boundary
from ..nodes import ComponentElement, Element
from ..portal import PortalNode
from .bindings import adopt as _adopt_bound
from .diff import (
    Commit,
    checkpoint,
    child_namespace,
    component_output,
    insert_all,
    is_markup,
    listen,
    markup_only,
    mount,
    mount_portal,
    new_component,
    queue_effects,
    render,
    rollback,
)
from .fibers import ElementFiber, TextFiber, owner_name
from .ops import REMOVE, REMOVE_ATTR, SET_ATTR, SET_TEXT

__all__ = ["SnapNode", "hydrate_root", "parse_snapshot"]

ELEMENT = 1
TEXT = 3


class SnapNode:
    """One described DOM node: ``tag`` is None for text (then ``text`` holds its data)."""

    __slots__ = ("attrs", "children", "id", "ns", "tag", "text")

    def __init__(self, id: int, tag: str | None, ns: str, attrs: dict[str, str] | None, text: str | None) -> None:
        self.id = id
        self.tag = tag
        self.ns = ns
        self.attrs = attrs
        self.children: list[SnapNode] = []
        self.text = text

    def describe(self) -> str:
        return f"text {self.text!r}" if self.tag is None else f"<{self.tag}>"


def parse_snapshot(snapshot: Sequence[Any], container_id: int) -> tuple[list[SnapNode], int]:
    """The container's described children as a tree, and the first id after the last described node."""
    top: list[SnapNode] = []
    lists: list[list[SnapNode]] = [top]
    left: list[int] = [-1]  # children still to read at each open level (-1: the container, unbounded)
    nid = container_id + 1
    i = 0
    n = len(snapshot)
    while i < n:
        while left[-1] == 0:
            lists.pop()
            left.pop()
        code = snapshot[i]
        if code == TEXT:
            node = SnapNode(nid, None, "", None, snapshot[i + 1])
            i += 2
            count = 0
        elif code == ELEMENT:
            tag, ns, n_attrs = snapshot[i + 1], snapshot[i + 2], snapshot[i + 3]
            i += 4
            attrs = {snapshot[i + 2 * k]: snapshot[i + 2 * k + 1] for k in range(n_attrs)}
            i += 2 * n_attrs
            count = snapshot[i]
            i += 1
            node = SnapNode(nid, tag, ns, attrs, None)
        else:
            raise ValueError(f"hydration snapshot: unknown node code {code!r} at index {i}")
        nid += 1
        lists[-1].append(node)
        left[-1] -= 1
        if count:
            lists.append(node.children)
            left.append(count)
    return top, nid


def hydrate_root(c: Commit, root: Any, node: Any, snapshot: Sequence[Any]) -> None:
    """Adopt the DOM described by ``snapshot`` as the render of ``node`` into ``root``."""
    runtime = c.runtime
    snaps, end_id = parse_snapshot(snapshot, root.id)
    runtime.next_id = max(runtime.next_id, end_id)
    fiber = root.fiber
    root.hydrating = True  # use_hydrated() is False during this render
    try:
        end = _hydrate_list(c, fiber, component_output(node, "root"), "", snaps, 0, root.id)
        _remove_extra(c, fiber, snaps, end)
    except Exception as exc:  # noqa: BLE001 - reported, the runtime carries on
        runtime.report("root", "hydrate", exc)
    finally:
        root.hydrating = False


def _warn(c: Commit, parent: Any, difference: str) -> None:
    _warn_raw(c, f"hydration mismatch in <{owner_name(parent)}>: {difference}")


def _warn_raw(c: Commit, message: str) -> None:
    if c.warnings is not None:
        c.warnings.append(message)  # inside an error boundary's children: held until they hydrated
    else:
        c.runtime.warn(message)


def _describe(node: Any) -> str:
    if type(node) is Element:
        return f"<{node.tag}>"
    if isinstance(node, str):
        return f"text {node!r}"
    return f"<{getattr(node, 'name', type(node).__name__)}>"


def _hydrate_list(c: Commit, parent: Any, nodes: Sequence[Any], ns: str, snaps: list[SnapNode], pos: int,
                  dom_id: int) -> int:
    fibers = parent.children
    for index, node in enumerate(nodes):
        fiber, pos = _hydrate(c, node, parent, ns, index, snaps, pos, dom_id)
        fibers.append(fiber)
    return pos


def _hydrate(c: Commit, node: Any, parent: Any, ns: str, index: int, snaps: list[SnapNode], pos: int,
             dom_id: int) -> tuple[Any, int]:
    if node is None:  # a hole: nothing on either side
        return None, pos
    kind = type(node)
    if kind is ComponentElement:
        fiber = new_component(c, node, parent, index)
        saved = checkpoint(c, fiber) if is_boundary(fiber.type) else None
        held, start = c.warnings, pos
        if saved is not None:
            c.warnings = []
        output = render(c, fiber)
        if output:
            pos = _hydrate_list(c, fiber, output, ns, snaps, pos, dom_id)
        if saved is not None:
            tried, c.warnings = c.warnings, held
            if caught_now(fiber):
                # The same error as on the server (which then rendered the fallback), or one only the
                # browser has: hydrate the fallback against the same DOM instead of the failed children.
                rollback(c, fiber, saved)
                output = render(c, fiber)
                pos = _hydrate_list(c, fiber, output, ns, snaps, start, dom_id) if output else start
            else:
                for message in tried or ():
                    _warn_raw(c, message)
        if fiber.effects:
            queue_effects(c, fiber)
        return fiber, pos
    if kind is PortalNode:  # the server rendered nothing for it: mounted now, in its target
        return mount_portal(c, node, parent), pos
    snap = snaps[pos] if pos < len(snaps) else None
    if snap is not None:
        if kind is str and snap.tag is None:
            if snap.text != node:
                if not _suppressed(parent):
                    _warn(c, parent, f"text {snap.text!r} on the server, {node!r} in the browser")
                c.ops += (SET_TEXT, snap.id, node)
            return TextFiber(snap.id, node, parent), pos + 1
        if kind is Element and snap.tag == node.tag:
            return _adopt(c, node, parent, ns, snap), pos + 1
    # Another kind of node: render this one on the client, in place of the server's.
    fiber = mount(c, node, parent, ns, index)
    insert_all(c, fiber, dom_id, snap.id if snap is not None else 0)
    if snap is None:
        if not (kind is str and _suppressed(parent)):
            _warn(c, parent, f"expected {_describe(node)}, the server rendered nothing there")
        return fiber, pos
    _warn(c, parent, f"expected {_describe(node)}, the server rendered {snap.describe()}")
    c.ops += (REMOVE, snap.id)
    return fiber, pos + 1


def _adopt(c: Commit, node: Element, parent: Any, ns: str, snap: SnapNode) -> ElementFiber:
    nid = snap.id
    inner_ns = child_namespace(node.tag, ns)[1]
    fiber = ElementFiber(nid, node, parent, inner_ns)
    props = node.props
    if type(props) is BoundProps:  # signal attributes: bound, compared with their current values
        props = _adopt_bound(c, fiber)
    attrs = snap.attrs or {}
    if props or attrs:
        quiet = _suppressed(fiber)
        for name, value in props.items():
            want = "" if value is True else value
            if attrs.get(name) != want:
                if not quiet:
                    _warn(c, fiber, f"<{node.tag}> attribute {name}: {attrs.get(name)!r} on the server, {want!r} in the browser")
                c.ops += (SET_ATTR, nid, name, want)
        for name in attrs:
            if name not in props:
                if not quiet:
                    _warn(c, fiber, f"<{node.tag}> attribute {name}={attrs[name]!r} only on the server")
                c.ops += (REMOVE_ATTR, nid, name)
    if node.events:
        listen(c, nid, fiber, node.events)
    kids = node.children
    if kids and kids[0] is None:
        kids = markup_only(kids)
    if len(kids) == 1 and is_markup(kids[0]):
        fiber.html = kids[0]  # trusted markup: the server wrote exactly this
    elif kids or snap.children:
        end = _hydrate_list(c, fiber, kids, inner_ns, snap.children, 0, nid)
        _remove_extra(c, fiber, snap.children, end)
    if node.ref is not None:  # after the children's, as on mount
        c.refs.append((node.ref, nid))
    return fiber


def _suppressed(fiber: Any) -> bool:
    """``suppress_hydration_warning=True`` on this element: its own differences are applied quietly."""
    if type(fiber) is not ElementFiber:
        return False
    events = fiber.vnode.events
    return events is not None and SUPPRESS_HYDRATION_WARNING in events


def _remove_extra(c: Commit, parent: Any, snaps: list[SnapNode], end: int) -> None:
    for snap in snaps[end:]:
        _warn(c, parent, f"the server rendered an extra {snap.describe()}")
        c.ops += (REMOVE, snap.id)
