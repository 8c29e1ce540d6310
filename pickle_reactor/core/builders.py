"""Builders: ``h()`` (React's ``createElement``) and one empty element per HTML, SVG and MathML name.

A builder is itself an element (``div[br, hr]`` works); ``pickle_reactor.html`` and
``pickle_reactor.svg`` re-export the tables made here.
"""

from __future__ import annotations

import builtins
import keyword
from collections.abc import Callable, Mapping
from typing import Any

from .attributes import check_tag
from .nodes import ComponentElement, Element, FragmentNode, flatten_children, make_static
from .spec import HTML_ELEMENTS, MATHML_ELEMENTS, SVG_ELEMENTS, VOID_ELEMENTS

__all__ = ["HTML_BUILDERS", "SVG_BUILDERS", "custom_element", "h"]


def _builders(names: list[str]) -> dict[str, Element]:
    """``name -> Element(name)``, plus ``name_`` for names that are Python keywords or builtins."""
    table: dict[str, Element] = {}
    for name in names:
        table[name] = make_static(Element(name))  # shared by every page: its HTML is fixed
        if keyword.iskeyword(name) or hasattr(builtins, name):
            table[name + "_"] = table[name]
    return table


HTML_BUILDERS = _builders(HTML_ELEMENTS)
# SVG shares a, script, style and title with HTML: the namespace comes from where an element sits.
SVG_BUILDERS = _builders(SVG_ELEMENTS + MATHML_ELEMENTS)


def custom_element(module: str, name: str) -> Element:
    """``html.my_widget`` -> ``<my-widget>``; any other unknown name is an AttributeError."""
    if name.startswith("__"):
        raise AttributeError(name)
    tag = name.rstrip("_").replace("_", "-")
    if "-" in tag:
        return Element(check_tag(tag))
    raise AttributeError(f"{module} has no element {name!r}; use h({tag!r}) for custom names")


def h(
    tag: str | Element | FragmentNode | Callable[..., Any], props: Mapping[str, Any] | None = None, *children: Any
) -> Any:
    """React's ``createElement``: ``h("div", {"class": "box"}, "Hello")``; names in ``props`` are verbatim.

    ``tag`` may also be a builder (``h(div, ...)``), ``Fragment``, or a component."""
    if isinstance(tag, FragmentNode):
        fragment = tag(key=dict(props).get("key")) if props else tag
        return fragment[children] if children else fragment
    if isinstance(tag, Element):
        element = tag(dict(props)) if props else tag
        return element[children] if children else element
    if callable(tag) and not isinstance(tag, str):
        kw = dict(props or {})
        key = kw.pop("key", None)
        if children:
            kw["children"] = tuple(flatten_children(getattr(tag, "__name__", "component"), children))
        if getattr(tag, "__pr_component__", False):
            return ComponentElement(tag.__wrapped__, kw, key)  # type: ignore[attr-defined]
        return ComponentElement(tag, kw, key)
    el = Element(check_tag(tag))
    if tag in VOID_ELEMENTS and children:
        raise TypeError(f"<{tag}> is a void element and cannot have children")
    if props:
        el = el(dict(props))
    if children:
        el = el[children]
    return el
