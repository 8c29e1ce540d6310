"""The mounted tree: one small object per text node, element and component instance.

A fiber remembers what was rendered last (the node, the DOM id it owns, its children) so the next
render can be diffed against it. A hole (a ``None`` child) is ``None`` in the parent's ``children``
too, so that positions line up with the nodes'. Components own no DOM node: their children sit in the nearest
element's child list, in order. Plain ``__slots__`` classes, so that ``type(f) is ElementFiber`` is
the whole dispatch in the hot loops.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "ComponentFiber", "ElementFiber", "Fiber", "PortalFiber", "RootFiber", "TextFiber", "first_dom", "owner_name",
]


class TextFiber:
    __slots__ = ("id", "parent", "text")

    def __init__(self, id: int, text: str, parent: Any) -> None:
        self.id = id
        self.text = text
        self.parent = parent


class ElementFiber:
    """``ns`` is the namespace of this element's children ("" for HTML); ``html`` is the Markup set
    as its inner HTML, when that is its only child."""

    __slots__ = ("bound", "children", "html", "id", "ns", "parent", "vnode")

    def __init__(self, id: int, vnode: Any, parent: Any, ns: str) -> None:
        self.id = id
        self.vnode = vnode
        self.children: list[Any] = []
        self.parent = parent
        self.ns = ns
        self.html: str | None = None
        self.bound: dict[str, Any] | None = None  # attribute name -> its signal binding (bindings.py)


class ComponentFiber:
    """A component instance: its hooks, its output children and where it sits (for ``use_id``).

    ``place`` holds the moves its last children diff left to do: they need the DOM node that follows
    the component, which only whoever positions the component knows (see ``children.place``)."""

    __slots__ = (
        "alive",
        "block",
        "child_count",
        "children",
        "context_value",
        "contexts",
        "depth",
        "dirty",
        "effects",
        "hook_index",
        "hooks",
        "name",
        "parent",
        "path",
        "place",
        "provider",
        "rendered",
        "rerender",
        "root",
        "subscribers",
        "type",
        "vnode",
        "watcher",
    )

    def __init__(self, vnode: Any, parent: Any, root: Any, depth: int, path: str) -> None:
        self.vnode = vnode
        self.type = vnode.type
        self.name: str = getattr(vnode.type, "__name__", "component")
        self.children: list[Any] = []
        self.parent = parent
        self.root = root
        self.hooks: list[Any] = []
        self.hook_index = 0
        self.rendered = False  # a render finished once: the hook list is complete
        self.path = path
        self.child_count = 0
        self.depth = depth
        self.dirty = False
        self.alive = True
        self.effects: list[Any] | None = None  # effect slots to run after this render's commit
        self.place: list[int] | None = None  # 1: move, 2: has moves of its own (children.place)
        self.provider: Any = None  # the context this fiber provides, for providers
        self.context_value: Any = None
        self.subscribers: set[ComponentFiber] | None = None
        self.contexts: list[Any] | None = None  # providers this fiber reads, to unsubscribe on unmount
        self.rerender = False  # a state update arrived while it was rendering
        self.watcher: Any = None  # the signals its render reads, once it reads one (bindings.py)
        self.block: Any = None  # its compiled form, when mounted by the client and it compiles (blocks.py)

    def __repr__(self) -> str:
        return f"<{self.name} fiber path={self.path}>"


class RootFiber:
    """The island root: an existing DOM node (the container) whose children the reconciler owns."""

    __slots__ = ("children", "html", "id", "ns", "parent", "root", "vnode")

    def __init__(self, id: int, root: Any) -> None:
        self.id = id
        self.children: list[Any] = []
        self.parent = None
        self.ns = ""
        self.root = root
        self.vnode = None
        self.html: str | None = None


class PortalFiber:
    """The output of a portal in the browser: ``id`` is the portal's target element (registered by a
    PORTAL op), whose children it owns like an element; it owns no DOM node where it sits, so
    inserting or removing it there is a no-op (``first_dom`` is 0)."""

    __slots__ = ("children", "html", "id", "ns", "parent", "target", "vnode")

    def __init__(self, id: int, vnode: Any, parent: Any) -> None:
        self.id = id
        self.vnode = vnode
        self.target: str = vnode.target
        self.children: list[Any] = []
        self.parent = parent
        self.ns = ""
        self.html: str | None = None


Fiber = Any  # TextFiber | ElementFiber | ComponentFiber | PortalFiber


def first_dom(fiber: Fiber) -> int:
    """The id of the first DOM node a fiber owns, or 0 when it renders nothing."""
    while type(fiber) is ComponentFiber:
        for child in fiber.children:
            if child is not None:
                found = first_dom(child)
                if found:
                    return found
        return 0
    if type(fiber) is PortalFiber:  # its DOM is elsewhere
        return 0
    return fiber.id  # type: ignore[no-any-return]


def owner_name(fiber: Any) -> str:
    """The name of the component a fiber belongs to (for error and warning messages)."""
    while fiber is not None and type(fiber) is not ComponentFiber:
        fiber = fiber.parent
    return fiber.name if fiber is not None else "root"
