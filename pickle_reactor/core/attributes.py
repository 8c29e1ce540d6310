"""Attribute names and values: validated and normalised once, when a node is built.

Rendering, diffing and patching then never look at Python spellings (``class_``, ``aria_label``),
class lists or style dicts again. Escaping a name is not enough to make it safe, so names are
checked against an allow-list pattern and a bad one raises, naming the element.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from .signals import is_signal

__all__ = ["EVENT_TYPES", "MISSING", "SUPPRESS_HYDRATION_WARNING", "BoundProps", "attr_value", "check_tag",
           "collect_attrs", "event_type"]

# ``suppress_hydration_warning=True`` is kept in the element's ``events`` under this key (never an
# event type, never rendered): hydration then applies that element's own text and attributes from
# the client without a mismatch warning, as React's ``suppressHydrationWarning``.
SUPPRESS_HYDRATION_WARNING = "pr:suppress-hydration-warning"
_FLAG: Any = True
_SUPPRESS_NAMES = frozenset(("suppress-hydration-warning", "suppress_hydration_warning", "suppressHydrationWarning"))

class _Missing:
    def __repr__(self) -> str:
        return "<missing>"


MISSING: Any = _Missing()  # "not given", where None is a value


class BoundProps(dict):  # type: ignore[type-arg]
    """An element's attributes when some are signals (``div(class_=sig)``): the dict holds the plain
    ones, exactly as for any element, so that code that only knows plain attributes (props diff,
    start-tag cache) needs no change; ``signals`` maps the bound names to their signals, whose
    current values the serialiser writes and the reconciler keeps patched (reconciler/bindings.py).
    Always true, even with no plain attribute: the element has attributes."""

    __slots__ = ("signals",)

    def __init__(self, plain: dict[str, Any], signals: dict[str, Any]) -> None:
        super().__init__(plain)
        self.signals = signals

    def __bool__(self) -> bool:
        return True

    def __eq__(self, other: object) -> bool:
        return dict.__eq__(self, other) is True and getattr(other, "signals", None) == self.signals  # type: ignore[arg-type]

    def __ne__(self, other: object) -> bool:
        return not self == other

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"BoundProps({dict.__repr__(self)}, signals={self.signals!r})"


# Tag names: HTML, SVG/MathML (case-sensitive: foreignObject) and custom elements (my-widget).
_TAG_NAME = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9._-]*)?\Z")
# Attribute names: a strict subset of what the HTML parser accepts, wide enough for data-*, aria-*,
# xlink:href, @click and :class. Escaping a name is not enough: it must never break out of the tag.
_ATTR_NAME = re.compile(r"[A-Za-z_:@][A-Za-z0-9_:.@-]*\Z")
_EVENT_ALIASES = {"doubleclick": "dblclick"}


def check_tag(tag: str) -> str:
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


def attr_value(tag: str, name: str, value: Any) -> str | bool | None:
    """Normalise one attribute value; ``None`` means "omit" (also for the value a signal holds)."""
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


# Handler name -> event type, as event_type found it (bounded): the builders read it without a call.
EVENT_TYPES: dict[str, str] = {}


def event_type(tag: str, name: str) -> str:
    """``on_click`` (keyword), ``onClick``/``on-click``/``on_click`` (verbatim) -> ``"click"``."""
    event = EVENT_TYPES.get(name)
    if event is None:
        event = name[2:].replace("-", "").replace("_", "").lower()
        event = _EVENT_ALIASES.get(event, event)
        if not event or not event.isalnum():
            raise ValueError(f"<{tag}>: invalid event handler name {name!r}")
        if len(EVENT_TYPES) < 1024:
            EVENT_TYPES[name] = event
    return event


def collect_attrs(
    tag: str,
    base: Mapping[str, Any],
    base_events: Mapping[str, Callable[..., Any]] | None,
    positional: tuple[Any, ...],
    kwargs: Mapping[str, Any],
) -> tuple[dict[str, Any], Any, dict[str, Callable[..., Any]] | None, Any]:
    """Merge new attributes into ``base`` (and handlers into ``base_events``); return (props, key,
    events, ref). Neither base mapping is modified."""
    props = dict(base)
    signals = dict(base.signals) if type(base) is BoundProps else None
    key = MISSING
    ref = MISSING
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
        if name in _SUPPRESS_NAMES:
            if value:
                if events is None:
                    events = {}
                events[SUPPRESS_HYDRATION_WARNING] = _FLAG
            elif events:
                events.pop(SUPPRESS_HYDRATION_WARNING, None)
            continue
        if name[:2].lower() == "on":
            # Like React, never render an on* attribute: inline handlers are an injection route (and
            # CSP blocks them).
            event = event_type(tag, name)
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
        if type(value) is not str and is_signal(value):
            attr_value(tag, name, value.peek())  # a bad value fails now, naming the attribute
            props.pop(name, None)
            if signals is None:
                signals = {}
            signals[name] = value
            continue
        if signals and name in signals:
            del signals[name]  # a plain value replaces the signal
        normalised = attr_value(tag, name, value)
        if normalised is None:
            props.pop(name, None)
        else:
            props[name] = normalised
    if signals:
        return BoundProps(props, signals), key, events or None, ref
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
