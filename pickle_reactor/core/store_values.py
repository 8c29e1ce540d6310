"""What a store may hold, and its JSON form: immutable values only, and an exact JSON round trip.

A store value is shared by every island and every piece of code that reads it, so it must never
change in place: :func:`check_immutable` refuses a ``list``, ``dict``, ``set`` or non-frozen dataclass
anywhere inside it and names the field path. Persistence and per-request seeds carry the value as
JSON: :func:`encode` writes frozen dataclasses as objects and tuples as arrays; :func:`decode` rebuilds
them from the type annotations (never from names found in the JSON, which may come from storage the
page does not control), and raises :class:`ValueError` naming the path when the JSON does not fit.
"""

from __future__ import annotations

import dataclasses
import enum
import math
import sys
import types
import typing
from typing import Any

__all__ = ["check_immutable", "decode", "encode"]

_ATOMS = frozenset((type(None), bool, int, float, str, bytes, complex))
# Immutable stdlib types, named rather than imported (so that checking a value imports nothing).
_IMMUTABLE_NAMES = frozenset((
    "datetime.date", "datetime.datetime", "datetime.time", "datetime.timedelta", "datetime.timezone",
    "decimal.Decimal", "fractions.Fraction", "uuid.UUID", "builtins.range",
))
_FIXES = {
    list: "use a tuple",
    dict: "use a frozen dataclass (or a tuple of pairs)",
    set: "use a frozenset",
    bytearray: "use bytes",
}


class _Bad(Exception):
    """Raised deep in a value; each level adds its path segment on the way out."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
        self.path: list[str] = []


def _fields(cls: type) -> tuple[str, ...]:
    names = _FIELD_CACHE.get(cls)
    if names is None:
        names = _FIELD_CACHE[cls] = tuple(f.name for f in dataclasses.fields(cls))
    return names


_FIELD_CACHE: dict[type, tuple[str, ...]] = {}
_INIT_CACHE: dict[type, dict[str, bool]] = {}


def _init_fields(cls: type) -> dict[str, bool]:
    """The constructor's fields, each with whether it is required (no default)."""
    found = _INIT_CACHE.get(cls)
    if found is None:
        found = _INIT_CACHE[cls] = {
            f.name: f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
            for f in dataclasses.fields(cls) if f.init}
    return found


def check_immutable(value: Any, where: str, known: dict[int, Any] | None = None) -> dict[int, Any]:
    """TypeError ``"<where>: value.items[0].tags is a list ..."`` when something inside ``value`` can
    change in place. ``known``: the containers of the previous value (by id, kept alive by that
    value), already checked, skipped; returns those of ``value`` for the next call."""
    seen: dict[int, Any] = {}
    try:
        _walk(value, known or {}, seen)
    except _Bad as bad:
        path = "value" + "".join(reversed(bad.path))
        raise TypeError(f"{where}: {path} {bad.message}") from None
    return seen


def _walk(value: Any, known: dict[int, Any], seen: dict[int, Any]) -> None:
    kind = type(value)
    if kind in _ATOMS:
        return
    key = id(value)
    if known.get(key) is value or seen.get(key) is value:
        seen[key] = value
        return
    if isinstance(value, tuple):
        for index, item in enumerate(value):
            try:
                _walk(item, known, seen)
            except _Bad as bad:
                bad.path.append(f"[{index}]")
                raise
    elif isinstance(value, frozenset):
        for item in value:
            try:
                _walk(item, known, seen)
            except _Bad as bad:
                bad.path.append(f"{{{item!r}}}")
                raise
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        if not kind.__dataclass_params__.frozen:  # type: ignore[attr-defined]
            raise _Bad(f"is a {kind.__name__}, a dataclass that can change in place: declare it "
                       f"@dataclass(frozen=True)")
        for name in _fields(kind):
            try:
                _walk(getattr(value, name), known, seen)
            except _Bad as bad:
                bad.path.append(f".{name}")
                raise
    elif isinstance(value, enum.Enum) or f"{kind.__module__}.{kind.__qualname__}" in _IMMUTABLE_NAMES:
        return
    else:
        fix = next((text for base, text in _FIXES.items() if isinstance(value, base)), None)
        if fix is not None:
            raise _Bad(f"is a {kind.__name__}, which can change in place; store values must be immutable: {fix}")
        raise _Bad(f"is a {kind.__name__}, which is not known to be immutable: use a frozen dataclass, a "
                   "tuple, a frozenset, an Enum or a str/int/float/bool/None")
    seen[key] = value


# --- JSON ------------------------------------------------------------------------------------------


def encode(value: Any, where: str) -> Any:
    """The JSON-ready form of a store value (dataclass -> object, tuple -> array, Enum -> its value);
    TypeError naming the field that JSON cannot carry."""
    try:
        return _encode(value)
    except _Bad as bad:
        path = "value" + "".join(reversed(bad.path))
        raise TypeError(f"{where}: {path} {bad.message}") from None


def _encode(value: Any) -> Any:
    kind = type(value)
    if value is None or kind is bool or kind is str or kind is int:
        return value
    if kind is float:
        if not math.isfinite(value):
            raise _Bad(f"is {value!r}, which JSON cannot carry: use None or a finite number")
        return value
    if isinstance(value, enum.Enum):
        return _encode(value.value)
    if isinstance(value, tuple):
        out = []
        for index, item in enumerate(value):
            try:
                out.append(_encode(item))
            except _Bad as bad:
                bad.path.append(f"[{index}]")
                raise
        return out
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        data = {}
        for name in _init_fields(kind):  # the others are rebuilt by the constructor
            try:
                data[name] = _encode(getattr(value, name))
            except _Bad as bad:
                bad.path.append(f".{name}")
                raise
        return data
    hint = " (use a tuple)" if isinstance(value, frozenset) else ""
    raise _Bad(f"is a {kind.__name__}, which is not JSON-serialisable{hint}: a store that is persisted or "
               "given a value per request holds frozen dataclasses, tuples, Enums, str, int, float, bool and None")


def decode(data: Any, hint: Any, where: str) -> Any:
    """Rebuild a value of type ``hint`` from :func:`encode`'s JSON form; ValueError naming the path
    where the JSON does not fit the type (a field added, removed or retyped since it was stored)."""
    try:
        return _decode(data, hint)
    except _Bad as bad:
        path = "value" + "".join(reversed(bad.path))
        raise ValueError(f"{where}: {path} {bad.message}") from None


_HINTS: dict[type, dict[str, Any]] = {}


def _hints(cls: type) -> dict[str, Any]:
    hints = _HINTS.get(cls)
    if hints is None:
        module = sys.modules.get(cls.__module__)
        try:
            hints = typing.get_type_hints(cls, vars(module) if module else None)
        except Exception as exc:  # noqa: BLE001 - an annotation that does not evaluate
            raise _Bad(f"cannot be rebuilt: the annotations of {cls.__qualname__} do not evaluate ({exc})") from None
        _HINTS[cls] = hints
    return hints


def _decode(data: Any, hint: Any) -> Any:  # noqa: PLR0911, PLR0912 - one case per kind of type
    if hint is Any:
        return _untyped(data)
    origin = typing.get_origin(hint)
    if origin is typing.Annotated:
        return _decode(data, typing.get_args(hint)[0])
    if origin is typing.Union or origin is types.UnionType:
        arms = typing.get_args(hint)
        if data is None and type(None) in arms:
            return None
        for arm in arms:
            if arm is type(None):
                continue
            try:
                return _decode(data, arm)
            except _Bad:
                continue
        raise _Bad(f"is {_show(data)}, which fits none of {hint}")
    if origin is typing.Literal:
        if data in typing.get_args(hint):
            return data
        raise _Bad(f"is {_show(data)}, not one of {typing.get_args(hint)}")
    if origin is tuple:
        args = typing.get_args(hint)
        if type(data) is not list:
            raise _Bad(f"is {_show(data)}, not an array")
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_item(item, args[0], index) for index, item in enumerate(data))
        if args == ((),):
            args = ()
        if len(args) != len(data):
            raise _Bad(f"has {len(data)} items, {hint} has {len(args)}")
        return tuple(_item(item, arg, index) for index, (item, arg) in enumerate(zip(data, args)))
    if hint is type(None) or hint is None:
        if data is None:
            return None
        raise _Bad(f"is {_show(data)}, not null")
    if not isinstance(hint, type):
        return _untyped(data)
    if hint is bool or hint is str:
        if type(data) is hint:
            return data
    elif hint is int:
        if type(data) is int:
            return data
    elif hint is float:
        if type(data) in (int, float):
            return data
    elif issubclass(hint, enum.Enum):
        try:
            return hint(data)
        except ValueError:
            raise _Bad(f"is {_show(data)}, not a value of {hint.__qualname__}") from None
    elif dataclasses.is_dataclass(hint):
        return _dataclass(data, hint)
    elif issubclass(hint, tuple):
        if type(data) is not list:
            raise _Bad(f"is {_show(data)}, not an array")
        if hasattr(hint, "_fields"):  # a NamedTuple
            hints = _hints(hint)
            return hint(*(_item(item, hints.get(name, Any), index)
                          for index, (item, name) in enumerate(zip(data, hint._fields))))
        return tuple(_untyped(item) for item in data)
    else:
        return _untyped(data)
    raise _Bad(f"is {_show(data)}, not a {hint.__name__}")


def _item(data: Any, hint: Any, index: int) -> Any:
    try:
        return _decode(data, hint)
    except _Bad as bad:
        bad.path.append(f"[{index}]")
        raise


def _dataclass(data: Any, cls: type) -> Any:
    if type(data) is not dict:
        raise _Bad(f"is {_show(data)}, not an object for {cls.__qualname__}")
    hints = _hints(cls)
    kwargs = {}
    fields = _init_fields(cls)
    for key in data:
        if key not in fields:
            raise _Bad(f"has a field {key!r} that {cls.__qualname__} does not have")
    for name, required in fields.items():
        if name not in data:
            if required:
                raise _Bad(f"lacks the field {name!r} of {cls.__qualname__}")
            continue
        try:
            kwargs[name] = _decode(data[name], hints.get(name, Any))
        except _Bad as bad:
            bad.path.append(f".{name}")
            raise
    try:
        return cls(**kwargs)
    except Exception as exc:  # noqa: BLE001 - a __post_init__ that refuses the value
        raise _Bad(f"does not make a {cls.__qualname__}: {type(exc).__name__}: {exc}") from None


def _untyped(data: Any) -> Any:
    if type(data) is list:
        return tuple(_untyped(item) for item in data)
    if type(data) is dict:
        raise _Bad("is a JSON object where the type says nothing of which dataclass to build: annotate the "
                   "field (or pass create_store(..., type=...))")
    return data


def _show(data: Any) -> str:
    text = repr(data)
    return text if len(text) <= 60 else text[:57] + "..."
