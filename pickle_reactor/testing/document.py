"""A small pure-Python DOM document: applies op buffers and describes itself as a hydration snapshot.
It backs ``pickle_reactor.testing`` and the unit tests, and decodes the op buffer exactly as
``browser/boot.mjs`` does in the browser.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..core.reconciler.ops import (
    CLEAR,
    CLONE,
    CREATE,
    CREATE_TEXT,
    INSERT,
    LISTEN,
    NAMES,
    PORTAL,
    REMOVE,
    REMOVE_ATTR,
    SET_ATTR,
    SET_HTML,
    SET_PROP,
    SET_TEXT,
    TEMPLATE,
)
from .nodes import MemElement, MemNode, MemText
from .parser import parse_html

__all__ = ["Document"]


class Document:
    """Nodes by id and the op-buffer decoder. ``listening`` records LISTEN ops per root id.

    ``body`` is the page around the islands: portal targets (``create_portal``) are looked up in it,
    as the browser's kernel looks them up in ``document``; ``portal_targets`` holds their ids."""

    def __init__(self) -> None:
        self.nodes: dict[int, MemNode] = {}
        self.listening: dict[int, set[str]] = {}
        self.body = MemElement("body")
        self.portal_targets: set[int] = set()
        self.applied = 0  # commits applied, for tests
        self.templates: dict[int, MemNode] = {}  # TEMPLATE copies, by template number

    def create_container(self, nid: int, tag: str = "div") -> MemElement:
        """A detached element that owns id ``nid`` (an island root)."""
        element = MemElement(tag)
        element.id = nid
        self.nodes[nid] = element
        return element

    def node(self, nid: int) -> MemNode | None:
        """The node with id ``nid`` (what ``ref=`` receives), or None."""
        return self.nodes.get(nid)

    def apply(self, ops: Sequence[Any]) -> None:
        """Apply one commit's op buffer."""
        nodes = self.nodes
        i = 0
        n = len(ops)
        self.applied += 1
        while i < n:
            op = ops[i]
            if op == INSERT:
                parent: MemElement = nodes[ops[i + 1]]  # type: ignore[assignment]
                node = nodes[ops[i + 2]]
                before = ops[i + 3]
                if node.parent is not None:
                    node.parent.children.remove(node)
                kids = parent.children
                if before:
                    kids.insert(kids.index(nodes[before]), node)
                else:
                    kids.append(node)
                node.parent = parent
                i += 4
            elif op == CREATE:
                element = MemElement(ops[i + 2], ops[i + 3])
                element.id = ops[i + 1]
                nodes[element.id] = element
                i += 4
            elif op == SET_ATTR:
                nodes[ops[i + 1]].attrs[ops[i + 2]] = ops[i + 3]  # type: ignore[attr-defined]
                i += 4
            elif op == CREATE_TEXT:
                text = MemText(ops[i + 2])
                text.id = ops[i + 1]
                nodes[text.id] = text
                i += 3
            elif op == SET_TEXT:
                nodes[ops[i + 1]].data = ops[i + 2]  # type: ignore[attr-defined]
                i += 3
            elif op == REMOVE:
                node = nodes[ops[i + 1]]
                if node.parent is not None:
                    node.parent.children.remove(node)
                    node.parent = None
                self._release(node)
                i += 2
            elif op == REMOVE_ATTR:
                nodes[ops[i + 1]].attrs.pop(ops[i + 2], None)  # type: ignore[attr-defined]
                i += 3
            elif op == SET_PROP:
                element = nodes[ops[i + 1]]  # type: ignore[assignment]
                name, value = ops[i + 2], ops[i + 3]
                if name == "value":
                    element.value = value
                elif name == "checked":
                    element._checked = bool(value)
                elif name == "selected":
                    element._selected = bool(value)
                else:
                    raise ValueError(f"SET_PROP: unsupported property {name!r}")
                i += 4
            elif op == LISTEN:
                self.listening.setdefault(ops[i + 1], set()).add(ops[i + 2])
                i += 3
            elif op == SET_HTML:
                element = nodes[ops[i + 1]]  # type: ignore[assignment]
                for child in element.children:
                    self._release(child)
                    child.parent = None
                element.children = []
                for child in parse_html(ops[i + 2], element.ns, element.tag):
                    child.parent = element
                    element.children.append(child)
                i += 3
            elif op == CLEAR:
                element = nodes[ops[i + 1]]  # type: ignore[assignment]
                for child in element.children:
                    self._release(child)
                    child.parent = None
                element.children = []
                i += 2
            elif op == PORTAL:
                element = self.body.query(ops[i + 2])  # type: ignore[assignment]
                if element is None:
                    raise LookupError(
                        f"create_portal() target {ops[i + 2]!r} matches no element of the page; in tests, "
                        f"add it with mount(..., page='<div id=\"modal-root\"></div>')"
                    )
                self.portal_targets.discard(element.id)  # a shared target: the latest id, as in the browser
                element.id = ops[i + 1]
                self.portal_targets.add(element.id)
                nodes[ops[i + 1]] = element
                i += 3
            elif op == TEMPLATE:
                self.templates[ops[i + 1]] = _copy(nodes[ops[i + 2]])
                i += 3
            elif op == CLONE:
                copy: MemElement = _copy(self.templates[ops[i + 1]])  # type: ignore[assignment]
                for next_id, node in enumerate((copy, *copy.iter()), ops[i + 2]):  # document order
                    node.id = next_id
                    nodes[next_id] = node
                i += 3
            else:
                name = NAMES[op] if type(op) is int and 0 < op < len(NAMES) else repr(op)
                raise ValueError(f"op buffer: unknown op {name} at index {i}")

    def _release(self, node: MemNode) -> None:
        nodes = self.nodes
        if node.id:
            nodes.pop(node.id, None)
        if type(node) is MemElement:
            for child in node.iter():
                if child.id:
                    nodes.pop(child.id, None)

    def snapshot(self, container: MemElement, first_id: int) -> list[Any]:
        """Describe ``container``'s subtree as a hydration snapshot, numbering the container
        ``first_id`` and each described node after it (comments and the props script are skipped)."""
        out: list[Any] = []
        nodes = self.nodes
        container.id = first_id
        nodes[first_id] = container
        next_id = first_id + 1
        stack: list[Any] = [(container.children, 0)]
        while stack:
            kids, index = stack.pop()
            if index >= len(kids):
                continue
            stack.append((kids, index + 1))
            node = kids[index]
            if type(node) is MemText:
                out += (3, node.data)  # type: ignore[attr-defined]
            elif type(node) is MemElement and not _undescribed(node):
                described = [c for c in node.children if _described(c)]
                out += (1, node.tag, node.ns, len(node.attrs))
                for name, value in node.attrs.items():
                    out += (name, value)
                out.append(len(described))
                stack.append((described, 0))
            else:
                continue
            node.id = next_id
            nodes[next_id] = node
            next_id += 1
        return out


def _copy(node: MemNode) -> MemNode:
    """A detached copy of a subtree as ``cloneNode(true)`` makes it: tags, attributes and texts, no ids."""
    if type(node) is MemText:
        return MemText(node.data)  # type: ignore[attr-defined]
    element: MemElement = node  # type: ignore[assignment]
    copy = MemElement(element.tag, element.ns)
    copy.attrs = dict(element.attrs)
    for child in element.children:
        child_copy = _copy(child)
        child_copy.parent = copy
        copy.children.append(child_copy)
    return copy


def _undescribed(node: MemElement) -> bool:
    return node.tag == "script" and "data-pr-props" in node.attrs


def _described(node: MemNode) -> bool:
    kind = type(node)
    return kind is MemText or (kind is MemElement and not _undescribed(node))  # type: ignore[arg-type]
