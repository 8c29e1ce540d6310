"""``VirtualList``: a long list that renders only the rows in view (fixed row height).

The list is a scrolling container (``role="list"``, focusable) holding one spacer as tall as every
row together; the rows in view, plus ``overscan`` rows on each side, sit in it in order after a
top padding of ``start * row_height``, so a scroll that brings new rows in adds and removes rows at
the ends and moves none. Python keeps the first row in view as state, updated from the container's
``scroll`` events (``event.target.scroll_top``); a scroll within the same rows renders nothing.
Rows are keyed (``row_key=``), carry ``aria-setsize``/``aria-posinset`` for screen readers (which
see only the rows in the DOM), and the arrow keys, PageUp/PageDown and Home/End move focus from row
to row, scrolling the container so the focused row is in view.

No ``style`` attribute is rendered: a strict CSP (``style-src`` without ``'unsafe-inline'``) blocks
those. The sizes are set through the CSSOM from a layout effect (``element.style``, which CSP
allows), and the fixed rules (``overflow-y: auto``, rows ``height: var(--pr-row-height)``) come from
the stylesheet ``boot.mjs`` constructs. Until hydration the server's first window is a plain list.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

from .builders import HTML_BUILDERS
from .component import component
from .hooks import use_layout_effect, use_ref, use_state
from .nodes import Node

__all__ = ["VirtualList", "visible_range"]

_div = HTML_BUILDERS["div"]
_KEYS = frozenset(("ArrowDown", "ArrowUp", "PageDown", "PageUp", "Home", "End"))


def visible_range(count: int, row_height: float, height: float, scroll_top: float, overscan: int) -> tuple[int, int]:
    """``(start, stop)``: the rows to render for a viewport of ``height`` scrolled to ``scroll_top``."""
    if count <= 0:
        return 0, 0
    first = min(max(0, int(scroll_top // row_height)), count - 1)
    in_view = math.ceil(height / row_height) + 1  # a partly visible row at each end
    return max(0, first - overscan), min(count, first + in_view + overscan)


def _check(items: Any, row_height: Any, height: Any, overscan: Any, render_row: Any) -> None:
    if not isinstance(items, Sequence) or isinstance(items, (str, bytes)):
        raise TypeError(f"<VirtualList items=...>: expected a sequence (list, tuple, range), got {type(items).__name__}")
    for name, value in (("row_height", row_height), ("height", height)):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0:
            raise ValueError(f"<VirtualList {name}=...>: expected a number of pixels > 0, got {value!r}")
    if isinstance(overscan, bool) or not isinstance(overscan, int) or overscan < 0:
        raise ValueError(f"<VirtualList overscan=...>: expected an int >= 0, got {overscan!r}")
    if not callable(render_row):
        raise TypeError("<VirtualList render_row=...>: expected a function (item, index) -> node")


def _keep_focus(node: Any) -> None:
    """The focused row scrolled out and was removed, so focus fell to the body: give it to the list,
    whose keys go on from that row (the browser's DOM only; the in-memory DOM has no focus)."""
    document = getattr(node, "ownerDocument", None)
    focused = getattr(document, "activeElement", None)
    if focused is None or getattr(focused, "localName", "") == "body":
        if document is not None:
            node.focus()


@component
def VirtualList(
    items: Sequence[Any],
    render_row: Callable[[Any, int], Node],
    row_height: float = 32,
    height: float = 400,
    row_key: Callable[[Any], str | int] | None = None,
    overscan: int = 5,
    label: str | None = None,
    class_: str | None = None,
) -> Node:
    """Render ``render_row(item, index)`` for the rows of ``items`` in view of a ``height`` px tall
    scrolling list whose rows are ``row_height`` px tall. ``row_key(item)`` keys the rows (default:
    the index; ``key=`` is the list's own key); ``label`` is the list's accessible name (``aria-label``); ``class_`` styles the container."""
    _check(items, row_height, height, overscan, render_row)
    count = len(items)
    first, set_first = use_state(0)  # the first row in view: the only state a scroll changes
    active, set_active = use_state(None)  # the row that has (or last had) focus by keyboard
    container = use_ref(None)
    spacer = use_ref(None)
    scroll = use_ref(0.0)  # the container's scrollTop, as last seen or set
    pending = use_ref(None)  # (scroll_top, index to focus) for the layout effect to apply
    max_top = max(0.0, count * row_height - height)
    if scroll.current > max_top:  # the list got shorter: the browser clamps scrollTop alike
        scroll.current = max_top
    start, stop = visible_range(count, row_height, height, scroll.current, overscan)
    del first  # rendered through `scroll`; the state exists to re-render when the first row changes

    def on_scroll(event: Any) -> None:
        top = float(event.target.scroll_top)
        scroll.current = top
        set_first(visible_range(count, row_height, height, top, 0)[0])

    def on_keydown(event: Any) -> None:
        if event.key not in _KEYS or count == 0:
            return
        event.prevent_default()  # no native scrolling: the focused row decides
        top = scroll.current
        current = active if active is not None and active < count else int(top // row_height)
        page = max(1, int(height // row_height) - 1)
        index = {
            "ArrowDown": current + 1, "ArrowUp": current - 1, "PageDown": current + page,
            "PageUp": current - page, "Home": 0, "End": count - 1,
        }[event.key]
        index = min(max(index, 0), count - 1)
        if index * row_height < top:
            top = index * row_height
        elif (index + 1) * row_height > top + height:
            top = min(max_top, (index + 1) * row_height - height)
        scroll.current = top
        pending.current = (top, index)
        set_active(index)
        set_first(visible_range(count, row_height, height, top, 0)[0])

    sizes = (height, row_height, count * row_height, start * row_height)
    applied = use_ref(None)  # the sizes last written to the DOM

    def apply_sizes() -> None:
        box, inner = container.current, spacer.current
        box_style, inner_style = getattr(box, "style", None), getattr(inner, "style", None)
        if box_style is None or inner_style is None or applied.current == sizes:
            return  # the in-memory DOM of pickle_reactor.testing has no CSSOM
        box_style.height = f"{height}px"
        box_style.setProperty("--pr-row-height", f"{row_height}px")
        inner_style.height = f"{count * row_height}px"
        inner_style.paddingTop = f"{start * row_height}px"
        applied.current = sizes

    use_layout_effect(apply_sizes, [sizes])

    def apply_keyboard_move() -> None:  # after apply_sizes: focus() scrolls to where the row is laid out
        node = container.current
        if pending.current is None:
            if active is not None and not start <= active < stop and node is not None:
                _keep_focus(node)
            return
        top, index = pending.current
        pending.current = None
        if node is None:
            return
        node.scrollTop = top
        find = getattr(node, "querySelector", None)  # the browser's DOM; the in-memory DOM has none
        if find is not None:
            row = find(f'[data-pr-index="{index}"]')
            if row is not None:
                row.focus()

    use_layout_effect(apply_keyboard_move)

    rows = []
    for index in range(start, stop):
        item = items[index]
        rows.append(_div(
            key=row_key(item) if row_key is not None else index,
            role="listitem",
            tabindex="-1",
            aria_setsize=count,
            aria_posinset=index + 1,
            data_pr_index=index,
            data_active=index == active,
        )[render_row(item, index)])
    return _div(
        ref=container,
        role="list",
        tabindex="0",
        aria_label=label,
        class_=class_,
        data_pr_virtual_list=True,
        on_scroll=on_scroll,
        on_keydown=on_keydown,
    )[_div(ref=spacer, role="presentation")[rows]]
