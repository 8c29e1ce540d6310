"""Immutable virtual DOM nodes: elements, component elements and fragments.

Long because the three node classes, the way they are built immutable and the flattening rules for
children (holes, keyed fragments) are one contract that SSR, hydration and the reconciler share.

Everything that ships to the browser builds on this module, so it uses the stdlib only. Attributes
arrive already validated and normalised (``attributes.py``); ``el(**attrs)`` and ``el[children]``
return new nodes and never change the one they are called on.

Nodes are immutable: assigning an attribute raises. Construction is the SSR hot path, so a node is
built as a "draft" of the same slot layout (plain, fast slot stores) and then retyped in one step
(``draft.__class__ = Element``, see ``_element``), instead of seven ``object.__setattr__`` calls:
that is as fast as the unguarded class was (measured in ``benchmarks/ssr.py``).

Holes: ``None``/``True``/``False``/``""`` children keep their position as ``None`` in ``children``
(trailing ones are dropped: they cannot change how siblings match), so that the reconciler matches
unkeyed siblings by slot, as React does; SSR, hydration and the reconciler render nothing for them.
A keyed ``Fragment(key=...)`` is kept as one child, a :data:`FRAGMENT_GROUP` component element.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from operator import attrgetter
from typing import Any, Union

from .attributes import (
    EVENT_TYPES,
    MISSING,
    BoundProps,
    attr_value,
    collect_attrs,
    event_type,
)
from .markup import Markup, escape_attr
from .signals import is_signal
from .spec import SERIALISES_SPECIALLY, VOID_ELEMENTS

__all__ = [
    "FRAGMENT_GROUP",
    "ComponentElement",
    "Element",
    "Fragment",
    "FragmentNode",
    "Node",
    "flatten_children",
    "make_static",
    "signal_text",
    "start_tag",
]

# Children after flattening: text (str; Markup is a str), elements, component elements, and None
# for a hole (a None/True/False/"" child that keeps its slot).
Node = Union[str, "Element", "ComponentElement", None]


def _immutable(node: Any, name: str, value: Any = None) -> None:
    what = f"<{node.tag}>" if type(node) is Element else type(node).__name__
    raise AttributeError(
        f"{what}.{name} cannot be set: nodes are immutable; make a new one with el(**attrs) or el[children]"
    )


def _immutable_del(node: Any, name: str) -> None:
    _immutable(node, name)


def _no_serialiser(node: Any) -> str:
    raise RuntimeError("pickle_reactor.core.serialize was not imported")  # pragma: no cover


# ``str(node)`` and ``node.__html__()`` serialise with ``serialize.render_to_string``, which needs these
# classes; it installs itself here when imported (``core/__init__`` imports it), so that this module
# need not import it back.
_serialise: Callable[[Any], str] = _no_serialiser


def use_serialiser(render: Callable[[Any], str]) -> None:
    """Install the function behind ``str(node)`` (called once, by ``core.serialize``)."""
    global _serialise
    _serialise = render


def start_tag(element: Element) -> str:
    """The element's HTML start tag, cached on it (nodes are immutable, so it never changes; but
    attributes bound to signals are written with their current values, and then never cached)."""
    parts = ["<", element.tag]
    props = element.props
    for name, value in props.items():
        if value is True:
            parts.append(" " + name)
        else:
            parts.append(f' {name}="{escape_attr(value)}"')  # type: ignore[arg-type]
    if type(props) is BoundProps:
        for name, bound in props.signals.items():
            value = attr_value(element.tag, name, bound.value)
            if value is True:
                parts.append(" " + name)
            elif value is not None:
                parts.append(f' {name}="{escape_attr(value)}"')
        parts.append(">")
        return "".join(parts)
    parts.append(">")
    start = "".join(parts)
    set_open(element, start)
    return start


def flatten_children(owner: str, items: Any, out: list[Node] | None = None) -> list[Node]:
    """Flatten lists, tuples, generators, other iterables and unkeyed fragments; None/True/False/""
    become holes (None; trailing ones dropped); a keyed fragment stays one child (a group); numbers
    become text; validate the rest. ``owner`` names the parent in error messages."""
    top = out is None
    if out is None:
        out = []
    if not isinstance(items, tuple):
        items = (items,)
    for item in items:
        kind = type(item)
        if kind is str:
            out.append(item or None)
        elif kind is Element or kind is ComponentElement:
            out.append(item)
        elif item is None or item is True or item is False:
            out.append(None)
        elif isinstance(item, str):  # Markup and other str subclasses: keep the trust marker only
            out.append((item if hasattr(item, "__html__") else str(item)) if item else None)
        elif kind is FragmentNode:
            if item.key is None:
                out.extend(item.children)
            else:
                out.append(item.group())
        elif is_signal(item):  # bound to its text node: patched in place when it changes
            out.append(ComponentElement(signal_text, {"signal": item}))
        elif isinstance(item, (int, float)):
            out.append(str(item))
        elif hasattr(item, "__html__"):
            out.append(Markup(item.__html__()))
        elif isinstance(item, (Element, ComponentElement)):
            out.append(item)
        elif callable(item) and getattr(item, "__pr_component__", False):
            raise TypeError(f"{owner}: got the component {item.__name__} itself; call it: {item.__name__}()")
        elif isinstance(item, Iterable) and not isinstance(item, (bytes, bytearray, Mapping)):
            flatten_children(owner, tuple(item), out)
        else:
            raise TypeError(
                f"{owner}: unsupported child of type {kind.__name__}; use str, numbers, elements, "
                "components, Markup, or lists/generators of them"
            )
    if top:
        while out and out[-1] is None:
            out.pop()
    return out


# Calling a childless builder with the same str (or None) attributes returns the same (immutable) element,
# so ``td(class_="col")`` in a 1,000-row loop validates its attributes once. Bounded; see __call__.
_CALL_CACHE: dict[tuple[Any, ...], Element] = {}
_CALL_CACHE_MAX = 4096
# ``el[children]`` where ``el`` and every child are static (see ``make_static``) returns the same
# element for the same children, so a subtree such as ``td(class_="x")[a(class_="y")[span]]`` built
# in every row of a loop is one object whose HTML is rendered once per process. Bounded likewise.
_ITEM_CACHE: dict[tuple[Any, Any], Element] = {}


def _cache_key(element: Element, kwattrs: dict[str, Any]) -> tuple[Any, ...] | None:
    """The _CALL_CACHE key of ``element(**kwattrs)``, or None when a value is not a str or None (True
    and 1 compare equal, and lists are unhashable)."""
    for value in kwattrs.values():
        if type(value) is not str and value is not None:
            return None
    if len(kwattrs) == 1:
        [(name, value)] = kwattrs.items()
        return (element, name, value)
    return (element, *kwattrs.items())


class _ElementSlots:
    __slots__ = ("tag", "props", "children", "key", "events", "ref", "_open", "_html")

    tag: str
    props: dict[str, str | bool]
    children: tuple[Node, ...]
    key: str | int | None
    events: dict[str, Callable[..., Any]] | None
    ref: Any
    _open: str | None  # the rendered start tag, cached by ssr
    _html: str | None  # the whole rendered element, on static shared elements only (make_static)


class _ElementDraft(_ElementSlots):
    """An element under construction: same layout as :class:`Element`, plain slot stores."""

    __slots__ = ()


# Sets the start-tag cache of an (immutable) element: the serialiser fills it in lazily.
set_open: Callable[[Any, str], None] = _ElementSlots.__dict__["_open"].__set__
_set_html: Callable[[Any, str], None] = _ElementSlots.__dict__["_html"].__set__


def _element(tag: str, props: dict[str, str | bool], children: tuple[Node, ...], key: str | int | None,
             events: dict[str, Callable[..., Any]] | None, ref: Any, start: str | None) -> Element:
    """A new Element (``start``: its cached start tag, or None)."""
    draft = _ElementDraft()
    draft.tag = tag
    draft.props = props
    draft.children = children
    draft.key = key
    draft.events = events
    draft.ref = ref
    draft._open = start
    draft._html = None
    draft.__class__ = Element  # type: ignore[assignment]  # a plain store on the draft: the fast retype
    return draft  # type: ignore[return-value]


def _with_handlers(element: Element, kwattrs: dict[str, Any]) -> Element | None:
    """``button(class_="x", id="go", on_click=fn)``: the str attributes come from the call cache (one
    shared props dict, rendered and diffed as one), the handlers are added; None when the call has no
    handler or a value of another kind (then the long way)."""
    rest: dict[str, Any] = {}
    events: dict[str, Callable[..., Any]] | None = None
    for name, value in kwattrs.items():
        if name[:3] == "on_" and callable(value):
            if events is None:
                events = {}
            events[event_type(element.tag, name)] = value
        elif type(value) is str or value is None:
            rest[name] = value
        else:
            return None
    if events is None:
        return None
    base = element(**rest) if rest else element
    return _element(base.tag, base.props, base.children, base.key, events, base.ref, base._open)


def make_static(element: Element) -> Element:
    """Render a shared element (a builder, or one a cache hands out) once, when its HTML can never
    depend on where it is used: a plain HTML element (no special serialisation, no key, handler or
    ref) whose children are all static elements. The serialiser then writes ``_html`` as it is (in
    the HTML namespace; inside svg/math it walks the element as usual)."""
    tag = element.tag
    if tag in SERIALISES_SPECIALLY or element.key is not None or element.events is not None or element.ref is not None:
        return element
    parts = [element._open or start_tag(element)]
    for child in element.children:
        if type(child) is not Element or child._html is None:
            return element
        parts.append(child._html)
    parts.append(f"</{tag}>")
    _set_html(element, "".join(parts))
    return element


class Element(_ElementSlots):
    """An HTML/SVG element. ``el(**attrs)`` and ``el[children]`` return new elements.

    Immutable: assigning an attribute raises AttributeError (see the module docstring).
    """

    __slots__ = ()

    tag: str
    props: dict[str, str | bool]
    children: tuple[Node, ...]
    key: str | int | None
    events: dict[str, Callable[..., Any]] | None
    ref: Any
    _open: str | None  # the rendered start tag, cached by ssr
    _html: str | None  # see make_static

    def __new__(  # noqa: PYI034 - always a plain Element
        cls,
        tag: str,
        props: dict[str, str | bool] | None = None,
        children: tuple[Node, ...] = (),
        key: str | int | None = None,
        events: dict[str, Callable[..., Any]] | None = None,
        ref: Any = None,
    ) -> Element:
        return _element(tag, props if props is not None else {}, children, key, events, ref, None)

    __setattr__ = _immutable
    __delattr__ = _immutable_del

    def __reduce__(self) -> Any:
        return (_element, (self.tag, self.props, self.children, self.key, self.events, self.ref, None))

    def __call__(self, *attrs: Any, **kwattrs: Any) -> Element:
        if not attrs:
            # Only calls with str values on a childless, handler-free element are ever stored, so a
            # hit is always a valid answer.
            if len(kwattrs) == 1:  # td(class_="col"): the common case, with a flat key
                for name in kwattrs:  # noqa: PLC0206 - the one name: a third of the cost of .items() unpacking
                    value = kwattrs[name]
                kind = type(value)
                if kind is str or value is None:  # tr(class_=None): no attribute, also cached
                    if name != "key":
                        cached = _CALL_CACHE.get((self, name, value))
                        if cached is not None:
                            return cached
                    elif kind is str:
                        return _element(self.tag, self.props, self.children, value, self.events, self.ref, self._open)
                elif name == "key" and kind is int:  # tr(key=i): only the key changes
                    return _element(self.tag, self.props, self.children, value, self.events, self.ref, self._open)
                elif name[:3] == "on_" and callable(value):
                    # a(on_click=fn): only the handler changes
                    event = EVENT_TYPES.get(name) or event_type(self.tag, name)
                    events = {**self.events, event: value} if self.events else {event: value}
                    return _element(self.tag, self.props, self.children, self.key, events, self.ref, self._open)
            elif kwattrs:
                try:  # the key _cache_key makes when every value is a str (only those are stored)
                    cached = _CALL_CACHE.get((self, *kwattrs.items()))
                except TypeError:  # an unhashable value (a class list, a style dict)
                    cached = None
                if cached is not None:
                    return cached
                if "key" not in kwattrs and self.events is None and self.ref is None and not self.children:
                    with_handlers = _with_handlers(self, kwattrs)
                    if with_handlers is not None:
                        return with_handlers
            if "key" in kwattrs:  # tr(key=i, class_="row"): the attributes part is cacheable
                key = kwattrs.pop("key")
                if key is not None and (isinstance(key, bool) or not isinstance(key, (str, int))):
                    raise TypeError(f"<{self.tag} key=...>: a key must be str or int, got {type(key).__name__}")
                base = self(**kwattrs) if kwattrs else self
                return _element(base.tag, base.props, base.children, key, base.events, base.ref, base._open)
        props, key, events, ref = collect_attrs(self.tag, self.props, self.events, attrs, kwattrs)
        element = _element(
            self.tag,
            props,
            self.children,
            self.key if key is MISSING else key,
            events,
            self.ref if ref is MISSING else ref,
            None,
        )
        if not attrs and not self.children and self.events is None and self.ref is None:
            cache_key = _cache_key(self, kwattrs)
            if cache_key is not None:
                if len(_CALL_CACHE) >= _CALL_CACHE_MAX:
                    _CALL_CACHE.clear()
                _CALL_CACHE[cache_key] = element
                start_tag(element)  # once per process; every el[children] made from it shares it
                make_static(element)
        return element

    def __getitem__(self, children: Any) -> Element:
        tag = self.tag
        if tag in VOID_ELEMENTS:
            raise TypeError(f"<{tag}> is a void element and cannot have children")
        kind = type(children)
        # static: this element and every child are static, so the result can be shared (_ITEM_CACHE)
        static = self._html is not None and not self.children
        flat: tuple[Node, ...]
        if kind is str:  # td["text"], a[label]: the commonest, first
            flat = (children,) if children else ()
            static = False
        elif kind is tuple or kind is list:
            if len(children) > 16 and (kinds := set(map(type, children))) <= _NODE_KINDS:
                # a long list of elements (a keyed list of rows): its kinds and static parts are found
                # by C loops, not one Python iteration per child
                flat = children if kind is tuple else tuple(children)
                if static and (ComponentElement in kinds or None in map(_html_of, flat)):
                    static = False
            else:
                for child in children:  # the common case needs no flattening: non-empty text and elements
                    child_kind = type(child)
                    if child_kind is Element:
                        if child._html is None:
                            static = False
                    elif child_kind is ComponentElement or (child_kind is str and child):
                        static = False
                    else:
                        flat = tuple(flatten_children(f"<{tag}>", children))
                        static = False
                        break
                else:
                    flat = children if kind is tuple else tuple(children)
        elif kind is Element:
            flat = (children,)
            static = static and children._html is not None
        elif kind is int:
            flat = (str(children),)
            static = False
        else:
            flat = tuple(flatten_children(f"<{tag}>", children))
            static = False
        if static:
            shared = _ITEM_CACHE.get((self, flat))
            if shared is not None:
                return shared
        elif self.children:
            flat = self.children + flat
        # _element inlined (the SSR hot path): same tag and attributes, same start tag
        element = _ElementDraft()
        element.tag = tag
        element.props = self.props
        element.children = flat
        element.key = self.key
        element.events = self.events
        element.ref = self.ref
        element._open = self._open
        element._html = None
        element.__class__ = Element  # type: ignore[assignment]
        if static and flat:
            if len(_ITEM_CACHE) >= _CALL_CACHE_MAX:
                _ITEM_CACHE.clear()
            _ITEM_CACHE[self, flat] = make_static(element)  # type: ignore[arg-type]
        return element  # type: ignore[return-value]

    def __html__(self) -> str:
        return _serialise(self)

    __str__ = __html__

    def __repr__(self) -> str:
        attrs = "".join(f" {k}={v!r}" for k, v in self.props.items())
        key = f" key={self.key!r}" if self.key is not None else ""
        return f"<Element {self.tag}{key}{attrs} children={len(self.children)}>"

    def __eq__(self, other: object) -> bool:
        return (
            type(other) is Element
            and self.tag == other.tag
            and self.key == other.key
            and self.props == other.props
            and self.children == other.children
        )

    __hash__ = object.__hash__

    def __iter__(self) -> Any:
        # Elements are not iterable: without this, ``list(el)`` would call __getitem__ forever.
        raise TypeError(f"<{self.tag}> is not iterable")


class _ComponentSlots:
    __slots__ = ("type", "props", "key")

    type: Callable[..., Any]
    props: dict[str, Any]
    key: str | int | None


class _ComponentDraft(_ComponentSlots):
    __slots__ = ()


class ComponentElement(_ComponentSlots):
    """A component applied to props: ``Counter(initial=3)``. Rendered later by SSR or the reconciler.
    Immutable, as :class:`Element`."""

    __slots__ = ()

    type: Callable[..., Any]
    props: dict[str, Any]
    key: str | int | None

    def __new__(cls, type: Callable[..., Any], props: dict[str, Any], key: str | int | None = None) -> ComponentElement:  # noqa: PYI034
        draft = _ComponentDraft()
        draft.type = type
        draft.props = props
        draft.key = key
        draft.__class__ = ComponentElement  # type: ignore[assignment]
        return draft  # type: ignore[return-value]

    __setattr__ = _immutable
    __delattr__ = _immutable_del

    def __reduce__(self) -> Any:
        return (ComponentElement, (self.type, self.props, self.key))

    @property
    def name(self) -> str:
        return getattr(self.type, "__name__", repr(self.type))

    def __getitem__(self, children: Any) -> ComponentElement:
        flat = tuple(flatten_children(f"<{self.name}>", children))
        return ComponentElement(self.type, {**self.props, "children": flat}, self.key)

    def __html__(self) -> str:
        return _serialise(self)

    __str__ = __html__

    def __repr__(self) -> str:
        key = f" key={self.key!r}" if self.key is not None else ""
        return f"<{self.name}{key} {self.props!r}>"

    def __eq__(self, other: object) -> bool:
        return (
            type(other) is ComponentElement
            and self.type is other.type
            and self.key == other.key
            and self.props == other.props
        )

    __hash__ = object.__hash__

    def __iter__(self) -> Any:
        raise TypeError(f"<{self.name}> is not iterable")


# What a long child list may hold without flattening (Element.__getitem__).
_NODE_KINDS = frozenset((Element, ComponentElement))
_html_of = attrgetter("_html")


class _FragmentSlots:
    __slots__ = ("children", "key")

    children: tuple[Node, ...]
    key: str | int | None


class _FragmentDraft(_FragmentSlots):
    __slots__ = ()


def fragment_group(children: tuple[Node, ...] = ()) -> tuple[Node, ...]:
    """The component behind a keyed Fragment: renders its children as one keyed group."""
    return children


fragment_group.__name__ = fragment_group.__qualname__ = "Fragment"
FRAGMENT_GROUP = fragment_group


def signal_text(signal: Any) -> Any:
    """The component behind a signal child (``span[count]``): renders the signal's current value.
    In the browser a change patches its text node in place, without rendering anything
    (``reconciler/bindings.py``); a value that is not text (nothing, or elements) renders again."""
    return signal.value


def _same_signal(old: dict[str, Any], new: dict[str, Any]) -> bool:
    return old["signal"] is new["signal"]


signal_text.__name__ = signal_text.__qualname__ = "signal"
signal_text.__pr_memo__ = _same_signal  # type: ignore[attr-defined]  # a parent's render: still bound, nothing to do


class FragmentNode(_FragmentSlots):
    """Children grouped without a wrapper element: flattened into its parent's children when it has
    no key; with a key (``Fragment(key="a")[...]``) it stays one keyed child (see :meth:`group`)."""

    __slots__ = ()

    children: tuple[Node, ...]
    key: str | int | None

    def __new__(cls, children: tuple[Node, ...] = (), key: str | int | None = None) -> FragmentNode:  # noqa: PYI034
        draft = _FragmentDraft()
        draft.children = children
        draft.key = key
        draft.__class__ = FragmentNode  # type: ignore[assignment]
        return draft  # type: ignore[return-value]

    __setattr__ = _immutable
    __delattr__ = _immutable_del

    def __reduce__(self) -> Any:
        return (FragmentNode, (self.children, self.key))

    def group(self) -> ComponentElement:
        """This keyed fragment as one child: moves, keeps or remounts its children together."""
        return ComponentElement(fragment_group, {"children": self.children}, self.key)


    def __getitem__(self, children: Any) -> FragmentNode:
        return FragmentNode(self.children + tuple(flatten_children("Fragment", children)), self.key)

    def __call__(self, *, key: str | int | None = None) -> FragmentNode:
        if key is not None and (isinstance(key, bool) or not isinstance(key, (str, int))):
            raise TypeError(f"<Fragment key=...>: a key must be str or int, got {type(key).__name__}")
        return FragmentNode(self.children, key)

    def __html__(self) -> str:
        return _serialise(self)

    __str__ = __html__

    def __repr__(self) -> str:
        return f"Fragment[{', '.join(map(repr, self.children))}]"

    def __iter__(self) -> Any:
        raise TypeError("Fragment is not iterable")


Fragment = FragmentNode()
