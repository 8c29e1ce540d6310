"""A small pure-Python DOM: applies op buffers, answers CSS selectors, serialises to HTML and
describes itself as a hydration snapshot. It backs ``pickle_reactor.testing`` and the unit tests, and
decodes the op buffer exactly as ``static/boot.mjs`` does in the browser.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from ..reconciler.ops import (
    CREATE,
    CREATE_TEXT,
    INSERT,
    LISTEN,
    NAMES,
    REMOVE,
    REMOVE_ATTR,
    SET_ATTR,
    SET_HTML,
    SET_PROP,
    SET_TEXT,
)
from ..ssr import RAW_TEXT, escape_attr, escape_text
from ..vdom import VOID_ELEMENTS

__all__ = ["Document", "MemComment", "MemElement", "MemNode", "MemText"]


class MemNode:
    __slots__ = ("id", "parent")

    def __init__(self) -> None:
        self.id = 0
        self.parent: MemElement | None = None


class MemText(MemNode):
    __slots__ = ("data",)

    def __init__(self, data: str) -> None:
        super().__init__()
        self.data = data

    def __repr__(self) -> str:
        return f"<text {self.data!r}>"


class MemComment(MemNode):
    __slots__ = ("data",)

    def __init__(self, data: str) -> None:
        super().__init__()
        self.data = data


class MemElement(MemNode):
    """An element: ``attrs`` (what the markup says) and the live ``value``/``checked``/``selected``
    properties (what the user sees; they follow the attributes until set)."""

    __slots__ = ("_checked", "_selected", "_value", "attrs", "children", "ns", "tag")

    def __init__(self, tag: str, ns: str = "") -> None:
        super().__init__()
        self.tag = tag
        self.ns = ns
        self.attrs: dict[str, str] = {}
        self.children: list[MemNode] = []
        self._value: str | None = None
        self._checked: bool | None = None
        self._selected: bool | None = None

    def __repr__(self) -> str:
        return f"<{self.tag}{''.join(f' {k}={v!r}' for k, v in self.attrs.items())}>"

    # --- live form state -----------------------------------------------------------------------------

    @property
    def value(self) -> str:
        if self._value is not None:
            return self._value
        if self.tag == "textarea":
            return self.text
        if self.tag == "select":
            options = [o for o in self.iter() if isinstance(o, MemElement) and o.tag == "option"]
            chosen = [o for o in options if o.selected] or options[:1]
            return chosen[0].value if chosen else ""
        if self.tag == "option" and "value" not in self.attrs:
            return self.text
        return self.attrs.get("value", "on" if self.attrs.get("type") in ("checkbox", "radio") else "")

    @value.setter
    def value(self, value: str) -> None:
        if self.tag == "select":
            for option in self.iter():
                if isinstance(option, MemElement) and option.tag == "option":
                    option._selected = option.value == value
            return
        self._value = value

    @property
    def checked(self) -> bool:
        return self._checked if self._checked is not None else "checked" in self.attrs

    @checked.setter
    def checked(self, on: bool) -> None:
        self._checked = bool(on)

    @property
    def selected(self) -> bool:
        return self._selected if self._selected is not None else "selected" in self.attrs

    # --- reading -----------------------------------------------------------------------------------

    @property
    def text(self) -> str:
        """``textContent``: the text of every descendant text node, in order."""
        return "".join(n.data for n in self.iter() if type(n) is MemText)

    @property
    def html(self) -> str:
        """``innerHTML``."""
        out: list[str] = []
        for child in self.children:
            _serialise(child, out, self.tag)
        return "".join(out)

    @property
    def outer_html(self) -> str:
        out: list[str] = []
        _serialise(self, out, "")
        return "".join(out)

    def get(self, name: str, default: Any = None) -> Any:
        """An attribute, or ``default``."""
        return self.attrs.get(name, default)

    @property
    def classes(self) -> list[str]:
        return self.attrs.get("class", "").split()

    @property
    def elements(self) -> list[MemElement]:
        """Child elements (no text or comments)."""
        return [c for c in self.children if type(c) is MemElement]

    def iter(self) -> Iterator[MemNode]:
        """Every descendant, in document order (not the element itself)."""
        stack = list(reversed(self.children))
        while stack:
            node = stack.pop()
            yield node
            if type(node) is MemElement:
                stack.extend(reversed(node.children))

    def query(self, selector: str) -> MemElement | None:
        """The first descendant matching a CSS selector, or None."""
        from .selectors import select

        found = select(self, selector, first=True)
        return found[0] if found else None

    def query_all(self, selector: str) -> list[MemElement]:
        """Every descendant matching a CSS selector, in document order."""
        from .selectors import select

        return select(self, selector)

    def tree(self) -> list[Any]:
        """The children as plain data, for comparing two DOMs: text is a str, an element
        ``(tag, ns, attrs, children)``; comments are left out."""
        out: list[Any] = []
        for child in self.children:
            if type(child) is MemText:
                out.append(child.data)
            elif type(child) is MemElement:
                out.append((child.tag, child.ns, dict(child.attrs), child.tree()))
        return out


def _serialise(node: MemNode, out: list[str], parent_tag: str) -> None:
    kind = type(node)
    if kind is MemText:
        data = node.data  # type: ignore[attr-defined]
        out.append(data if parent_tag in RAW_TEXT else escape_text(data))
    elif kind is MemComment:
        out.append(f"<!--{node.data}-->")  # type: ignore[attr-defined]
    else:
        el: MemElement = node  # type: ignore[assignment]
        out.append("<" + el.tag)
        for name, value in el.attrs.items():
            out.append(f' {name}="{escape_attr(value)}"' if value else f" {name}")
        out.append(">")
        if el.tag in VOID_ELEMENTS and not el.ns:
            return
        if el.tag in ("pre", "textarea", "listing") and el.children and type(el.children[0]) is MemText \
                and el.children[0].data[:1] == "\n":  # type: ignore[attr-defined]
            out.append("\n")
        for child in el.children:
            _serialise(child, out, el.tag if not el.ns else "")
        out.append(f"</{el.tag}>")


class Document:
    """Nodes by id and the op-buffer decoder. ``listening`` records LISTEN ops per root id."""

    def __init__(self) -> None:
        self.nodes: dict[int, MemNode] = {}
        self.listening: dict[int, set[str]] = {}
        self.applied = 0  # commits applied, for tests

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
                from .parser import parse_html

                element = nodes[ops[i + 1]]  # type: ignore[assignment]
                for child in element.children:
                    self._release(child)
                    child.parent = None
                element.children = []
                for child in parse_html(ops[i + 2], element.ns, element.tag):
                    child.parent = element
                    element.children.append(child)
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


def _undescribed(node: MemElement) -> bool:
    return node.tag == "script" and "data-pr-props" in node.attrs


def _described(node: MemNode) -> bool:
    kind = type(node)
    return kind is MemText or (kind is MemElement and not _undescribed(node))  # type: ignore[arg-type]
