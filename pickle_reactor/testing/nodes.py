"""The nodes of the in-memory DOM: text, comments and elements with live form properties.

Elements answer CSS selectors (``selectors.py``) and serialise to HTML exactly as a browser would.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..core.markup import escape_attr, escape_text
from ..core.spec import LEADING_NEWLINE, RAW_TEXT, VOID_ELEMENTS
from .selectors import select

__all__ = ["MemComment", "MemElement", "MemNode", "MemText", "serialise"]


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

    __slots__ = ("_checked", "_selected", "_value", "attrs", "children", "ns", "scrollTop", "tag")

    def __init__(self, tag: str, ns: str = "") -> None:
        super().__init__()
        self.tag = tag
        self.ns = ns
        self.attrs: dict[str, str] = {}
        self.children: list[MemNode] = []
        self._value: str | None = None
        self._checked: bool | None = None
        self._selected: bool | None = None
        self.scrollTop: float = 0  # the DOM's name: code that sets ref.current.scrollTop runs here too

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
            serialise(child, out, self.tag)
        return "".join(out)

    @property
    def outer_html(self) -> str:
        out: list[str] = []
        serialise(self, out, "")
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
        found = select(self, selector, first=True)
        return found[0] if found else None

    def query_all(self, selector: str) -> list[MemElement]:
        """Every descendant matching a CSS selector, in document order."""
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


def serialise(node: MemNode, out: list[str], parent_tag: str) -> None:
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
        if el.tag in LEADING_NEWLINE and el.children and type(el.children[0]) is MemText \
                and el.children[0].data[:1] == "\n":  # type: ignore[attr-defined]
            out.append("\n")
        for child in el.children:
            serialise(child, out, el.tag if not el.ns else "")
        out.append(f"</{el.tag}>")
