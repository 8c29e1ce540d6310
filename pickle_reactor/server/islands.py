"""Island markup: a component's server HTML inside ``<pr-island>``, its props in an inert JSON block.

::

    <pr-island data-pr-component="myapp.components.Counter"><script type="application/json"
     data-pr-props>{"initial":3}</script>...server-rendered component...</pr-island>

Props must survive a JSON round trip unchanged, because the browser renders from the decoded copy:
anything that would come back different (a tuple, an int dict key, NaN, a datetime) is refused with an
error naming the component and the prop, rather than hydrating into a mismatch later.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from typing import Any

from ..core.markup import Markup, escape_attr

__all__ = ["HYDRATE_WHEN", "ISLAND_ERRORS", "ISLAND_TAG", "check_island_options", "island_markup", "props_json",
           "stores_markup"]

ISLAND_TAG = "pr-island"
# When an island hydrates (as Astro's client:* directives): at once, when the browser is idle, when it
# scrolls into view, or on the first interaction with it.
HYDRATE_WHEN = ("load", "idle", "visible", "interaction")
# What Reactor(island_errors=...) does with an island that raises on the server: raise (debug), or
# render it empty, marked data-pr-error, and log the traceback (the page renders).
ISLAND_ERRORS = ("raise", "render")
_PERSIST_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}\Z")
# Inside <script> the HTML parser only looks for "</script" and "<!--": escaping every <, > and & as a
# JSON \u escape rules both out while the JSON value stays identical.
_SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def _check(component: str, path: str, value: Any) -> None:
    kind = type(value)
    if value is None or kind is bool or kind is str or kind is int:
        return
    if kind is float:
        if not math.isfinite(value):
            raise TypeError(f"<{component}> prop {path}: {value!r} is not valid JSON (use None or a finite number)")
        return
    if kind is list:
        for index, item in enumerate(value):
            _check(component, f"{path}[{index}]", item)
        return
    if kind is dict:
        for key, item in value.items():
            if type(key) is not str:
                raise TypeError(
                    f"<{component}> prop {path}: dict key {key!r} is a {type(key).__name__}; JSON keys are "
                    "strings, so the browser would see a different dict"
                )
            _check(component, f"{path}[{key!r}]", item)
        return
    hint = ""
    if kind is tuple:
        hint = " (a tuple comes back as a list: pass a list)"
    elif hasattr(value, "model_dump"):
        hint = " (pass value.model_dump(mode='json'))"
    elif isinstance(value, (str, int, float, list, dict)):
        hint = f" (pass a plain {kind.__mro__[1].__name__})"
    raise TypeError(f"<{component}> prop {path}: a {kind.__name__} is not JSON-serialisable{hint}")


def props_json(component: str, props: Mapping[str, Any]) -> str:
    """The props as compact JSON, safe inside ``<script>``; TypeError naming the prop that is not JSON."""
    for name, value in props.items():
        _check(component, name, value)
    return _script_json(dict(props))


def _script_json(data: Any) -> str:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: only a \u escape can carry it through UTF-8
        text = json.dumps(data, separators=(",", ":"), allow_nan=False)
    return text.translate(_SCRIPT_SAFE)


def stores_markup(seeds: Mapping[str, Any]) -> str:
    """The per-request store values (JSON forms by store name) as one inert block, sent before the
    first island of a page; the browser seeds its stores from it before any island hydrates."""
    if not seeds:
        return ""
    return f'<script type="application/json" data-pr-stores>{_script_json(dict(seeds))}</script>'


def check_island_options(component: str, persist: str | None, hydrate: str) -> None:
    """ValueError naming the island when ``persist`` or ``hydrate`` is not one the browser understands."""
    if hydrate not in HYDRATE_WHEN:
        raise ValueError(
            f"<{component}> hydrate={hydrate!r}: use one of {', '.join(map(repr, HYDRATE_WHEN))}"
        )
    if persist is not None and (not isinstance(persist, str) or not _PERSIST_NAME.match(persist)):
        raise ValueError(
            f"<{component}> persist={persist!r}: a name of letters, digits and '_.:-' (up to 100), "
            "the same on every page that shows this island"
        )


def island_markup(qualified_name: str, props: str, html: str, *, persist: str | None = None,
                  hydrate: str = "load", error: bool = False) -> Markup:
    """Wrap rendered HTML and its props JSON (from :func:`props_json`) in the island element;
    ``error``: it failed to render on the server (``html`` is empty), marked ``data-pr-error``."""
    extra = f' data-pr-persist="{escape_attr(persist)}"' if persist else ""
    if hydrate != "load":
        extra += f' data-pr-hydrate="{hydrate}"'
    if error:
        extra += " data-pr-error"
    return Markup(
        f'<{ISLAND_TAG} data-pr-component="{escape_attr(qualified_name)}"{extra}>'
        f'<script type="application/json" data-pr-props>{props}</script>{html}</{ISLAND_TAG}>'
    )
