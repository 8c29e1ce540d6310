"""The CSS selectors ``pickle_reactor.testing`` supports: ``tag``, ``*``, ``#id``, ``.class``,
``[attr]``, ``[attr=value]`` (value bare or quoted), compounds of them (``input.big[name=q]``),
the descendant (space) and child (``>``) combinators, and comma-separated lists."""

from __future__ import annotations

import re
from typing import Any

__all__ = ["compile_selector", "select"]

_TOKEN = re.compile(
    r"""\s*(?P<child>>)\s*"""
    r"""|(?P<space>\s+)"""
    r"""|(?P<tag>\*|[A-Za-z][A-Za-z0-9-]*)"""
    r"""|\#(?P<id>[A-Za-z0-9_-]+)"""
    r"""|\.(?P<cls>[A-Za-z0-9_-]+)"""
    r"""|\[\s*(?P<attr>[A-Za-z_:@][A-Za-z0-9_:.@-]*)\s*"""
    r"""(?:=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\]\s"']+))\s*)?\]"""
)

# A compound: (tag or None, [(attr, value or None)], classes); a selector: compounds and combinators.
Compound = tuple[Any, list[tuple[str, Any]], list[str]]
_CACHE: dict[str, list[list[Any]]] = {}


def compile_selector(selector: str) -> list[list[Any]]:
    """Parse a selector list into ``[[compound, combinator, compound, ...], ...]``; ValueError when
    it uses syntax outside the supported subset."""
    cached = _CACHE.get(selector)
    if cached is not None:
        return cached
    groups = []
    for part in selector.split(","):
        text = part.strip()
        if not text:
            raise ValueError(f"invalid selector {selector!r}: empty part")
        steps: list[Any] = []
        current: Compound | None = None
        pos = 0
        pending = " "
        while pos < len(text):
            match = _TOKEN.match(text, pos)
            if match is None:
                raise ValueError(
                    f"unsupported selector {selector!r} at {text[pos:]!r}: use tag, #id, .class, [attr], "
                    "[attr=value], descendant (space) and child (>) combinators"
                )
            pos = match.end()
            if match["child"] or match["space"]:
                if current is not None:
                    steps.append(current)
                    current = None
                pending = ">" if match["child"] else (pending if pending == ">" else " ")
                continue
            if current is None:
                if steps:
                    steps.append(pending)
                current = (None, [], [])
                pending = " "
            if match["tag"]:
                current = (None if match["tag"] == "*" else match["tag"].lower(), current[1], current[2])
            elif match["id"]:
                current[1].append(("id", match["id"]))
            elif match["cls"]:
                current[2].append(match["cls"])
            else:
                value = match["dq"] if match["dq"] is not None else match["sq"] if match["sq"] is not None else match["bare"]
                current[1].append((match["attr"], value))
        if current is None:
            raise ValueError(f"invalid selector {selector!r}: it ends with a combinator")
        steps.append(current)
        groups.append(steps)
    _CACHE[selector] = groups
    return groups


def _matches(element: Any, compound: Compound) -> bool:
    tag, attrs, classes = compound
    if tag is not None and element.tag.lower() != tag:
        return False
    own = element.attrs
    for name, value in attrs:
        if name not in own or (value is not None and own[name] != value):
            return False
    if classes:
        have = own.get("class", "").split()
        for name in classes:
            if name not in have:
                return False
    return True


def _matches_steps(element: Any, steps: list[Any], scope: Any) -> bool:
    """Right to left: the last compound matches the element, each earlier one an ancestor (any for
    a space, the parent for ``>``) inside ``scope``."""
    if not _matches(element, steps[-1]):
        return False
    index = len(steps) - 1
    node = element
    while index > 0:
        combinator, compound = steps[index - 1], steps[index - 2]
        node = node.parent
        if combinator == ">":
            if node is None or node is scope or not _matches(node, compound):
                return False
        else:
            while node is not None and node is not scope and not _matches(node, compound):
                node = node.parent
            if node is None or node is scope:
                return False
        index -= 2
    return True


def select(scope: Any, selector: str, first: bool = False) -> list[Any]:
    """Elements under ``scope`` (not ``scope`` itself) matching ``selector``, in document order."""
    groups = compile_selector(selector)
    found = []
    for node in scope.iter():
        if getattr(node, "tag", None) is not None and any(_matches_steps(node, steps, scope) for steps in groups):
            found.append(node)
            if first:
                break
    return found
