"""``create_portal(children, target)``: render children into another element of the page.

A portal is a component element (``Portal``), so it sits in the component tree like any other:
context flows into it, its place counts for ``use_id`` paths, and events inside it bubble to the
handlers of its component ancestors, as React's portals do. What it renders differs by side:

- on the server, nothing (React's ``renderToString`` has no portals either): the page's HTML has no
  trace of it, so hydration sees no mismatch;
- in the browser, a :class:`PortalNode`, which the reconciler mounts into the element that
  ``document.querySelector(target)`` finds (the ``PORTAL`` op resolves it), in the same commit as the
  hydration or render. The target must be outside every island (e.g. ``<div id="modal-root">`` at
  the end of ``<body>``); what it already holds is left alone, the portal's nodes are appended.
"""

from __future__ import annotations

from typing import Any

from . import hooks
from .nodes import ComponentElement, flatten_children

__all__ = ["Portal", "PortalNode", "create_portal"]


class PortalNode:
    """What a portal renders in the browser: ``children`` to mount into the element ``target`` selects."""

    __slots__ = ("children", "target")

    key = None  # never keyed itself: the Portal element around it carries the key

    def __init__(self, children: tuple[Any, ...], target: str) -> None:
        self.children = children
        self.target = target

    def __repr__(self) -> str:
        return f"<PortalNode {self.target!r} children={len(self.children)}>"


def Portal(target: str, children: tuple[Any, ...] = ()) -> Any:
    """The portal component: nothing on the server, a :class:`PortalNode` in the browser."""
    if type(hooks.current_fiber()) is hooks.ServerFiber:
        return None
    return PortalNode(children, target)


def create_portal(children: Any, target: str, key: str | int | None = None) -> ComponentElement:
    """Render ``children`` into the element the CSS selector ``target`` finds (``"#modal-root"``),
    outside the island; events inside still reach the handlers of the portal's component ancestors."""
    if not isinstance(target, str) or not target.strip():
        raise TypeError(
            f"create_portal(children, target): target must be a CSS selector string such as '#modal-root', "
            f"got {target!r}"
        )
    if key is not None and (isinstance(key, bool) or not isinstance(key, (str, int))):
        raise TypeError(f"create_portal(key=...): a key must be str or int, got {type(key).__name__}")
    flat = tuple(flatten_children("create_portal()", children))
    return ComponentElement(Portal, {"target": target, "children": flat}, key)
