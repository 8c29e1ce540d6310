"""Props diff: attributes become SET_ATTR/REMOVE_ATTR; live form state (value, checked, selected)
becomes SET_PROP once mounted, because the attribute no longer controls what the user sees."""

from __future__ import annotations

from typing import Any

from .ops import REMOVE_ATTR, SET_ATTR, SET_PROP

__all__ = ["LIVE_PROPS", "LIVE_TAGS", "diff_props", "live_value", "set_props"]

LIVE_PROPS = frozenset(("value", "checked", "selected"))
LIVE_TAGS = frozenset(("input", "textarea", "select", "option"))


def live_value(name: str, value: Any) -> str | int:
    """The SET_PROP operand: ``checked``/``selected`` are 0/1, ``value`` a str."""
    if name == "value":
        return "" if value is None or value is True else value  # type: ignore[no-any-return]
    return 0 if value is None else 1


def set_props(ops: list[Any], nid: int, props: dict[str, Any]) -> None:
    """Attributes of a new element (the same the server renders, so hydration sees no difference).
    ``diff.mount`` inlines this loop (its hot path); keep the two alike."""
    for name, value in props.items():
        ops += (SET_ATTR, nid, name, "" if value is True else value)


def diff_props(ops: list[Any], nid: int, tag: str, old: dict[str, Any], new: dict[str, Any]) -> None:
    """Ops that turn ``old`` into ``new`` on element ``nid``."""
    live = tag in LIVE_TAGS
    get = old.get
    for name, value in new.items():
        if get(name) != value:
            if live and name in LIVE_PROPS:
                ops += (SET_PROP, nid, name, live_value(name, value))
            else:
                ops += (SET_ATTR, nid, name, "" if value is True else value)
    for name in old:
        if name not in new:
            if live and name in LIVE_PROPS:
                ops += (SET_PROP, nid, name, live_value(name, None))
            else:
                ops += (REMOVE_ATTR, nid, name)
