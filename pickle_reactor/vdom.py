"""Immutable virtual DOM nodes: elements, component elements, fragments and trusted markup.

Everything that ships to the browser builds on this module, so it uses the stdlib only. Attribute
names and values are validated and normalised once, when a node is built, so that rendering, diffing
and patching never have to look at Python keyword spellings, class lists or style dicts again.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Union

__all__ = [
    "Markup",
    "Element",
    "ComponentElement",
    "Fragment",
    "FragmentNode",
    "Node",
    "h",
    "VOID_ELEMENTS",
    "flatten_children",
]


class Markup(str):
    """A string of trusted HTML: inserted unescaped. Anything with ``__html__`` is treated alike."""

    __slots__ = ()

    def __html__(self) -> str:
        return self

    def __repr__(self) -> str:
        return f"Markup({str.__repr__(self)})"


# Children after flattening: text (str; Markup is a str), elements, component elements.
Node = Union[str, "Element", "ComponentElement"]

VOID_ELEMENTS = frozenset(
    "area base br col embed hr img input link meta param source track wbr".split()
)

# Tag names: HTML, SVG/MathML (case-sensitive: foreignObject) and custom elements (my-widget).
_TAG_NAME = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9._-]*)?\Z")
# Attribute names: a strict subset of what the HTML parser accepts, wide enough for data-*, aria-*,
# xlink:href, @click and :class. Escaping a name is not enough: it must never break out of the tag.
_ATTR_NAME = re.compile(r"[A-Za-z_:@][A-Za-z0-9_:.@-]*\Z")
_EVENT_ALIASES = {"doubleclick": "dblclick"}


def escape_attr(value: str) -> str:
    """Escape a double-quoted attribute value: ``& " < >``; CR as ``&#13;`` (the parser would turn it
    into ``\\n``) and NUL as U+FFFD (as the parser does)."""
    if "&" in value:
        value = value.replace("&", "&amp;")
    if '"' in value:
        value = value.replace('"', "&quot;")
    if "<" in value:
        value = value.replace("<", "&lt;")
    if ">" in value:
        value = value.replace(">", "&gt;")
    if "\r" in value:
        value = value.replace("\r", "&#13;")
    if "\0" in value:
        value = value.replace("\0", "\ufffd")
    return value


def start_tag(element: Element) -> str:
    """The element's HTML start tag, cached on it (nodes are immutable, so it never changes)."""
    parts = ["<", element.tag]
    for name, value in element.props.items():
        if value is True:
            parts.append(" " + name)
        else:
            parts.append(f' {name}="{escape_attr(value)}"')  # type: ignore[arg-type]
    parts.append(">")
    start = element._open = "".join(parts)
    return start


def _check_tag(tag: str) -> str:
    if not isinstance(tag, str) or not _TAG_NAME.match(tag):
        raise ValueError(f"invalid element name {tag!r}: use letters, digits and one '-' part")
    return tag


def _python_name_to_attr(name: str) -> str:
    """``class_`` -> ``class``, ``aria_label`` -> ``aria-label``, ``for_`` -> ``for``."""
    name = name.removesuffix("_")
    return name.replace("_", "-")


def _class_value(tag: str, value: Any) -> str | None:
    if isinstance(value, str):
        return value or None
    if isinstance(value, Mapping):
        names = [str(k) for k, on in value.items() if on]
    elif isinstance(value, (list, tuple)):
        names = []
        for part in value:
            if part is None or part is False or part == "":
                continue
            if isinstance(part, Mapping):
                names.extend(str(k) for k, on in part.items() if on)
                continue
            if not isinstance(part, str):
                raise TypeError(f"<{tag} class=...>: class list items must be str, got {type(part).__name__}")
            names.append(part)
    elif value is None or value is False:
        return None
    else:
        raise TypeError(f"<{tag} class=...>: expected str, list or dict, got {type(value).__name__}")
    return " ".join(names) or None


def _style_value(tag: str, value: Any) -> str | None:
    if isinstance(value, str):
        return value or None
    if isinstance(value, Mapping):
        parts = []
        for prop, v in value.items():
            if v is None or v is False:
                continue
            if not isinstance(v, (str, int, float)) or isinstance(v, bool):
                raise TypeError(f"<{tag} style=...>: value of {prop!r} must be str or number")
            name = prop if prop.startswith("--") else prop.replace("_", "-")
            parts.append(f"{name}:{v}")
        return ";".join(parts) or None
    if value is None or value is False:
        return None
    raise TypeError(f"<{tag} style=...>: expected str or dict, got {type(value).__name__}")


def _attr_value(tag: str, name: str, value: Any) -> str | bool | None:
    """Normalise one attribute value; ``None`` means "omit"."""
    if value is True:
        return True
    if value is None or value is False:
        return None
    if name == "class":
        return _class_value(tag, value)
    if name == "style":
        return _style_value(tag, value)
    if isinstance(value, str):
        return str(value) if type(value) is not str else value
    if isinstance(value, (int, float)):
        return str(value)
    raise TypeError(
        f"<{tag} {name}=...>: unsupported attribute value of type {type(value).__name__}; "
        "use str, int, float, bool or None"
    )


_EVENT_TYPES: dict[str, str] = {}


def _event_type(tag: str, name: str) -> str:
    """``on_click`` (keyword), ``onClick``/``on-click``/``on_click`` (verbatim) -> ``"click"``."""
    event = _EVENT_TYPES.get(name)
    if event is None:
        event = name[2:].replace("-", "").replace("_", "").lower()
        event = _EVENT_ALIASES.get(event, event)
        if not event or not event.isalnum():
            raise ValueError(f"<{tag}>: invalid event handler name {name!r}")
        if len(_EVENT_TYPES) < 1024:
            _EVENT_TYPES[name] = event
    return event


def _collect_attrs(
    tag: str,
    base: Mapping[str, Any],
    base_events: Mapping[str, Callable[..., Any]] | None,
    positional: tuple[Any, ...],
    kwargs: Mapping[str, Any],
) -> tuple[dict[str, Any], Any, dict[str, Callable[..., Any]] | None, Any]:
    """Merge new attributes into ``base`` (and handlers into ``base_events``); return (props, key,
    events, ref). Neither base mapping is modified."""
    props = dict(base)
    key = _MISSING
    ref = _MISSING
    events = dict(base_events) if base_events else None
    raw: list[tuple[str, Any]] = []
    for arg in positional:
        if isinstance(arg, Mapping):
            raw.extend(arg.items())
        elif isinstance(arg, str) and arg[:1] in ("#", "."):
            raw.extend(_selector_attrs(tag, arg, props))
        else:
            raise TypeError(
                f"<{tag}>: positional attributes must be a dict or an '#id.class' string, "
                f"got {type(arg).__name__}"
            )
    for pyname, value in kwargs.items():
        raw.append((_python_name_to_attr(pyname) if pyname not in ("key", "ref") else pyname, value))
    for name, value in raw:
        if not isinstance(name, str):
            raise TypeError(f"<{tag}>: attribute names must be str, got {name!r}")
        if name == "key":
            if value is not None and not isinstance(value, (str, int)) or isinstance(value, bool):
                raise TypeError(f"<{tag} key=...>: a key must be str or int, got {type(value).__name__}")
            key = value
            continue
        if name == "ref":
            ref = value
            continue
        if name[:2].lower() == "on":
            # Like React, never render an on* attribute: inline handlers are an injection route (and
            # CSP blocks them).
            event = _event_type(tag, name)
            if value is None or value is False:
                if events:
                    events.pop(event, None)
                continue
            if not callable(value):
                raise TypeError(
                    f"<{tag} {name}=...>: an event handler must be callable, got {type(value).__name__}; "
                    "inline on* attributes are never rendered"
                )
            if events is None:
                events = {}
            events[event] = value
            continue
        if not _ATTR_NAME.match(name):
            raise ValueError(
                f"<{tag}>: invalid attribute name {name!r}; names start with a letter, '_', ':' or '@' "
                "and contain only letters, digits, '_', ':', '.', '@' and '-'"
            )
        normalised = _attr_value(tag, name, value)
        if normalised is None:
            props.pop(name, None)
        else:
            props[name] = normalised
    return props, key, events or None, ref


def _selector_attrs(tag: str, selector: str, props: Mapping[str, Any]) -> list[tuple[str, Any]]:
    """``"#main.box.wide"`` -> id and class, as htpy does."""
    found = re.findall(r"([#.])([^#.]+)", selector)
    if "".join(a + b for a, b in found) != selector:
        raise ValueError(f"<{tag}>: invalid '#id.class' shorthand {selector!r}")
    out: list[tuple[str, Any]] = []
    classes = [c for kind, c in found if kind == "."]
    ids = [i for kind, i in found if kind == "#"]
    if len(ids) > 1:
        raise ValueError(f"<{tag}>: more than one id in {selector!r}")
    if ids:
        out.append(("id", ids[0]))
    if classes:
        existing = props.get("class")
        out.append(("class", " ".join(([existing] if isinstance(existing, str) else []) + classes)))
    return out


class _Missing:
    def __repr__(self) -> str:
        return "<missing>"


_MISSING: Any = _Missing()


def flatten_children(owner: str, items: Any, out: list[Node] | None = None) -> list[Node]:
    """Flatten lists, tuples, generators, other iterables and fragments; drop None/True/False/"";
    turn numbers into text; validate the rest. ``owner`` names the parent in error messages."""
    if out is None:
        out = []
    if not isinstance(items, tuple):
        items = (items,)
    for item in items:
        kind = type(item)
        if kind is str:
            if item:
                out.append(item)
        elif kind is Element or kind is ComponentElement:
            out.append(item)
        elif item is None or item is True or item is False:
            continue
        elif isinstance(item, str):  # Markup and other str subclasses: keep the trust marker only
            if item:
                out.append(item if hasattr(item, "__html__") else str(item))
        elif kind is FragmentNode:
            out.extend(item.children)
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
    return out


# Calling a childless builder with the same string attributes returns the same (immutable) element,
# so ``td(class_="col")`` in a 1,000-row loop validates its attributes once. Bounded; see __call__.
_CALL_CACHE: dict[tuple[Any, ...], Element] = {}
_CALL_CACHE_MAX = 4096


def _cache_key(element: Element, kwattrs: dict[str, Any]) -> tuple[Any, ...] | None:
    """The _CALL_CACHE key of ``element(**kwattrs)``, or None when a value is not a str (True and 1
    compare equal, and lists are unhashable)."""
    for value in kwattrs.values():
        if type(value) is not str:
            return None
    if len(kwattrs) == 1:
        [(name, value)] = kwattrs.items()
        return (element, name, value)
    return (element, *kwattrs.items())


class Element:
    """An HTML/SVG element. ``el(**attrs)`` and ``el[children]`` return new elements.

    Nodes are immutable by contract: every builder method returns a new node and never changes the
    one it was called on. (Attributes are plain slots, not guarded, because construction is the SSR
    hot path; do not assign to them.)
    """

    __slots__ = ("tag", "props", "children", "key", "events", "ref", "_open")

    tag: str
    props: dict[str, str | bool]
    children: tuple[Node, ...]
    key: str | int | None
    events: dict[str, Callable[..., Any]] | None
    ref: Any

    def __init__(
        self,
        tag: str,
        props: dict[str, str | bool] | None = None,
        children: tuple[Node, ...] = (),
        key: str | int | None = None,
        events: dict[str, Callable[..., Any]] | None = None,
        ref: Any = None,
    ) -> None:
        self.tag = tag
        self.props = props if props is not None else {}
        self.children = children
        self.key = key
        self.events = events
        self.ref = ref
        self._open: str | None = None  # the rendered start tag, cached by ssr

    def __call__(self, *attrs: Any, **kwattrs: Any) -> Element:
        if not attrs:
            # Only calls with str values on a childless, handler-free element are ever stored, so a
            # hit is always a valid answer.
            if len(kwattrs) == 1:  # td(class_="col"): the common case, with a flat key
                [(name, value)] = kwattrs.items()
                if type(value) is str:
                    cached = _CALL_CACHE.get((self, name, value))
                elif name[:3] == "on_" and callable(value):  # a(on_click=fn): only the handler changes
                    event = _event_type(self.tag, name)
                    events = {**self.events, event: value} if self.events else {event: value}
                    element = Element(self.tag, self.props, self.children, self.key, events, self.ref)
                    element._open = self._open
                    return element
                else:
                    cached = None
            else:
                cached = _CALL_CACHE.get(_cache_key(self, kwattrs))
            if cached is not None:
                return cached
            if "key" in kwattrs:  # tr(key=i, class_="row"): the attributes part is cacheable
                key = kwattrs.pop("key")
                if key is not None and (isinstance(key, bool) or not isinstance(key, (str, int))):
                    raise TypeError(f"<{self.tag} key=...>: a key must be str or int, got {type(key).__name__}")
                base = self(**kwattrs) if kwattrs else self
                element = Element(base.tag, base.props, base.children, key, base.events, base.ref)
                element._open = base._open
                return element
        props, key, events, ref = _collect_attrs(self.tag, self.props, self.events, attrs, kwattrs)
        element = Element(
            self.tag,
            props,
            self.children,
            self.key if key is _MISSING else key,
            events,
            self.ref if ref is _MISSING else ref,
        )
        if not attrs and not self.children and self.events is None and self.ref is None:
            cache_key = _cache_key(self, kwattrs)
            if cache_key is not None:
                if len(_CALL_CACHE) >= _CALL_CACHE_MAX:
                    _CALL_CACHE.clear()
                _CALL_CACHE[cache_key] = element
                start_tag(element)  # once per process; every el[children] made from it shares it
        return element

    def __getitem__(self, children: Any) -> Element:
        tag = self.tag
        if tag in VOID_ELEMENTS:
            raise TypeError(f"<{tag}> is a void element and cannot have children")
        kind = type(children)
        flat: tuple[Node, ...]
        if kind is tuple:
            flat = children
            for child in children:  # the common case needs no copy: non-empty text and elements
                child_kind = type(child)
                if child_kind is not Element and (child_kind is not str or not child):
                    flat = tuple(flatten_children(f"<{tag}>", children))
                    break
        elif kind is str:
            flat = (children,) if children else ()
        elif kind is Element:
            flat = (children,)
        elif kind is int:
            flat = (str(children),)
        else:
            flat = tuple(flatten_children(f"<{tag}>", children))
        if self.children:
            flat = self.children + flat
        element = Element(tag, self.props, flat, self.key, self.events, self.ref)
        element._open = self._open  # same tag and attributes, same start tag
        return element

    def __html__(self) -> str:
        from .ssr import render_to_string

        return render_to_string(self)

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


class ComponentElement:
    """A component applied to props: ``Counter(initial=3)``. Rendered later by SSR or the reconciler."""

    __slots__ = ("type", "props", "key")

    type: Callable[..., Any]
    props: dict[str, Any]
    key: str | int | None

    def __init__(self, type: Callable[..., Any], props: dict[str, Any], key: str | int | None = None) -> None:
        self.type = type
        self.props = props
        self.key = key

    @property
    def name(self) -> str:
        return getattr(self.type, "__name__", repr(self.type))

    def __getitem__(self, children: Any) -> ComponentElement:
        flat = tuple(flatten_children(f"<{self.name}>", children))
        return ComponentElement(self.type, {**self.props, "children": flat}, self.key)

    def __html__(self) -> str:
        from .ssr import render_to_string

        return render_to_string(self)

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


class FragmentNode:
    """Children grouped without a wrapper element; flattened into its parent's children."""

    __slots__ = ("children", "key")

    def __init__(self, children: tuple[Node, ...] = (), key: str | int | None = None) -> None:
        self.children = children
        self.key = key

    def __getitem__(self, children: Any) -> FragmentNode:
        return FragmentNode(self.children + tuple(flatten_children("Fragment", children)), self.key)

    def __call__(self, *, key: str | int | None = None) -> FragmentNode:
        return FragmentNode(self.children, key)

    def __html__(self) -> str:
        from .ssr import render_to_string

        return render_to_string(self)

    __str__ = __html__

    def __repr__(self) -> str:
        return f"Fragment[{', '.join(map(repr, self.children))}]"

    def __iter__(self) -> Any:
        raise TypeError("Fragment is not iterable")


Fragment = FragmentNode()


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
    el = Element(_check_tag(tag))
    if tag in VOID_ELEMENTS and children:
        raise TypeError(f"<{tag}> is a void element and cannot have children")
    if props:
        el = el(dict(props))
    if children:
        el = el[children]
    return el
