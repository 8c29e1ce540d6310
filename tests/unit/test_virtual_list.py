"""VirtualList: the window of rows, keys, SSR of the first window, scroll kept across re-renders,
keyboard moves, through the in-memory DOM of pickle_reactor.testing."""

from __future__ import annotations

import pytest

from pickle_reactor import VirtualList, component, render_to_string, use_state
from pickle_reactor.core.reconciler.ops import count_ops
from pickle_reactor.core.virtual_list import visible_range
from pickle_reactor.html import button, div, span
from pickle_reactor.testing import mount

ITEMS = [{"id": f"r{i}", "text": f"row {i}"} for i in range(100_000)]


def _list(items=ITEMS, **props):  # type: ignore[no-untyped-def]
    return VirtualList(items=items, render_row=lambda item, index: span[item["text"]], row_key=lambda item: item["id"],
                       row_height=20, height=100, overscan=2, label="Rows", **props)


def _shown(view) -> list[int]:  # type: ignore[no-untyped-def]
    return [int(row.attrs["data-pr-index"]) for row in view.query_all("[role=listitem]")]


def test_window_math() -> None:
    assert visible_range(0, 20, 100, 0, 2) == (0, 0)
    assert visible_range(1000, 20, 100, 0, 2) == (0, 8)  # 5 rows in view + 1 partial + 2 overscan
    assert visible_range(1000, 20, 100, 210, 2) == (8, 18)  # first in view: row 10
    assert visible_range(1000, 20, 100, 10**9, 2) == (997, 1000)  # clamped to the end


def test_server_renders_the_first_window_with_list_semantics() -> None:
    html = render_to_string(_list())
    assert html.count('role="listitem"') == 8 and "row 7" in html and "row 8" not in html
    assert 'role="list"' in html and 'tabindex="0"' in html and 'aria-label="Rows"' in html
    assert 'aria-setsize="100000" aria-posinset="1"' in html
    assert "style=" not in html and "data-pr-virtual-list" in html  # no inline style: strict CSP


def test_scrolling_renders_the_rows_in_view_keyed() -> None:
    view = mount(_list())
    first_rows = view.query_all("[role=listitem]")
    view.scroll("[role=list]", 60)  # rows 3.. in view
    assert _shown(view) == list(range(1, 11))
    # keyed rows: the rows still in view are the same DOM nodes
    assert view.query_all("[role=listitem]")[0] is first_rows[1]
    view.scroll("[role=list]", 1_999_900)
    assert _shown(view)[-1] == 99_999 and "row 99999" in view.text
    assert view.query("[aria-posinset='100000']") is not None


def test_a_scroll_within_the_same_rows_renders_nothing() -> None:
    renders = []

    def row(item, index):  # type: ignore[no-untyped-def]
        renders.append(index)
        return span[item["text"]]

    view = mount(VirtualList(items=ITEMS, render_row=row, row_height=20, height=100))
    count = len(renders)
    view.scroll("[role=list]", 5)  # still row 0 first
    assert len(renders) == count


def test_scroll_position_is_kept_across_re_renders() -> None:
    @component
    def Page() -> object:
        title, set_title = use_state("a")
        return div[button(on_click=lambda: set_title(title + "a"))[title], _list()]

    view = mount(Page())
    view.scroll("[role=list]", 400)
    before = _shown(view)
    view.click("button")
    assert view.query("button").text == "aa" and _shown(view) == before
    view.rerender(Page())
    assert _shown(view) == before


def test_a_shorter_list_clamps_the_window() -> None:
    @component
    def Page() -> object:
        n, set_n = use_state(1000)
        return div[button(on_click=lambda: set_n(10))["cut"], _list(items=ITEMS[:n])]

    view = mount(Page())
    view.scroll("[role=list]", 10_000)
    view.click("button")
    assert _shown(view) == list(range(3, 10))  # scrolled to the end of 200 px: rows 5-9 in view, 2 overscan


def test_keyboard_moves_focus_and_scrolls() -> None:
    view = mount(_list())
    container = view.query("[role=list]")
    view.keydown("[role=list]", "ArrowDown")
    assert view.query("[data-active]").attrs["data-pr-index"] == "1"
    view.keydown("[role=listitem][data-active]", "PageDown")  # from the focused row: it bubbles
    assert view.query("[data-active]").attrs["data-pr-index"] == "5"
    assert container.scrollTop == 20  # row 5 (100..120 px) brought into a 100 px view
    view.keydown("[role=list]", "End")
    assert view.query("[data-active]").attrs["data-pr-index"] == "99999"
    assert container.scrollTop == 100_000 * 20 - 100 and _shown(view)[-1] == 99_999
    view.keydown("[role=list]", "ArrowDown")  # stays on the last row
    assert view.query("[data-active]").attrs["data-pr-index"] == "99999"
    view.keydown("[role=list]", "Home")
    assert container.scrollTop == 0 and _shown(view)[0] == 0
    view.keydown("[role=list]", "ArrowUp")
    assert view.query("[data-active]").attrs["data-pr-index"] == "0"
    assert view.fire("[role=list]", "keydown", key="ArrowDown") is False  # no native scroll
    assert view.fire("[role=list]", "keydown", key="a") is True


def test_default_keys_are_indexes() -> None:
    view = mount(VirtualList(items=range(50), render_row=lambda item, index: f"#{item}", row_height=10, height=30))
    assert _shown(view)[:2] == [0, 1] and "#0" in view.text


@pytest.mark.parametrize(("props", "message"), [
    ({"items": 5}, "expected a sequence"),
    ({"row_height": 0}, "row_height=...>: expected a number of pixels > 0"),
    ({"height": "400px"}, "height=...>: expected a number of pixels"),
    ({"overscan": -1}, "overscan=...>: expected an int >= 0"),
    ({"render_row": None}, "render_row=...>: expected a function"),
])
def test_bad_props_name_the_prop(props: dict, message: str) -> None:
    base = {"items": ITEMS, "render_row": lambda item, index: "x"}
    with pytest.raises((TypeError, ValueError), match=message):
        render_to_string(VirtualList(**{**base, **props}))


def test_hydrating_the_server_window_reports_no_mismatch(caplog: pytest.LogCaptureFixture) -> None:
    import logging

    with caplog.at_level(logging.WARNING, logger="pickle_reactor"):
        view = mount(_list(), hydrate=True)
    assert not [r for r in caplog.records if "mismatch" in r.getMessage().lower()]
    assert _shown(view) == list(range(8))
    view.scroll("[role=list]", 200)
    assert _shown(view) == list(range(8, 18))


def test_rows_scrolled_into_view_are_cloned_from_a_row_already_built() -> None:
    view = mount(_list())
    view.scroll("[role=list]", 60)
    view.scroll("[role=list]", 2000)  # ten new rows at once
    counts = count_ops(view.commits[-1])
    assert counts.get("CLONE") == 10 and "CREATE" not in counts
    assert _shown(view) == list(range(98, 108))
    assert [row.text for row in view.query_all("[role=listitem]")] == [f"row {i}" for i in range(98, 108)]
    assert view.query("[aria-posinset='99']").attrs["data-pr-index"] == "98"
