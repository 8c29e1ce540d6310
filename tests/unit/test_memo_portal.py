"""memo, create_portal, use_sync_external_store, use_hydrated and suppress_hydration_warning, from
React's documented behaviour (react.dev: memo, createPortal, useSyncExternalStore,
suppressHydrationWarning)."""

from __future__ import annotations

import pytest

from pickle_reactor import (
    component,
    create_context,
    create_portal,
    memo,
    render_to_string,
    use_context,
    use_hydrated,
    use_state,
    use_sync_external_store,
)
from pickle_reactor.core.reconciler.ops import PORTAL, count_ops
from pickle_reactor.html import button, div, input_, li, p, span, ul
from pickle_reactor.testing import mount

PAGE = '<div id="modal-root"></div>'


# --- memo -------------------------------------------------------------------------------------------


def test_memo_skips_a_render_when_props_are_shallow_equal() -> None:
    renders: list[str] = []

    @component
    def Row(label: str, tags: tuple[str, ...] = ()) -> object:
        renders.append(label)
        return li[label]

    Row = memo(Row)

    @component
    def List() -> object:
        n, set_n = use_state(0)
        return div[button(on_click=lambda e: set_n(n + 1))["+"],
                   ul[Row(label="fixed", tags=("a",)), Row(label=f"n={n}")]]

    view = mount(List())
    assert renders == ["fixed", "n=0"]
    view.click("button")
    # a new but equal tuple is still equal (== per prop); the changed label renders again
    assert renders == ["fixed", "n=0", "n=1"]
    assert [el.text for el in view.query_all("li")] == ["fixed", "n=1"]


def test_memo_still_renders_on_its_own_state_and_on_context() -> None:
    theme = create_context("light")
    renders: list[str] = []

    @memo
    @component
    def Themed() -> object:
        value = use_context(theme)
        count, set_count = use_state(0)
        renders.append(f"{value}{count}")
        return button(on_click=lambda e: set_count(count + 1))[f"{value} {count}"]

    @component
    def App() -> object:
        mode, set_mode = use_state("light")
        return div[span(id="toggle", on_click=lambda e: set_mode("dark"))["t"], theme.provider(mode)[Themed()]]

    view = mount(App())
    view.click("button")
    assert view.get("button").text == "light 1"
    view.click("#toggle")
    assert view.get("button").text == "dark 1"
    assert renders == ["light0", "light1", "dark1"]


def test_memo_with_are_equal_and_its_errors() -> None:
    seen: list[tuple[dict, dict]] = []

    def same_id(old: dict, new: dict) -> bool:
        seen.append((old, new))
        return old["item"]["id"] == new["item"]["id"]

    @component
    def Item(item: dict) -> object:
        return span[item["name"]]

    Item = memo(Item, are_equal=same_id)

    @component
    def App() -> object:
        name, set_name = use_state("a")
        return div[button(on_click=lambda e: set_name("b"))["x"], Item(item={"id": 1, "name": name})]

    view = mount(App())
    view.click("button")
    assert view.get("span").text == "a"  # are_equal said equal: no render, as React
    assert seen and seen[0][1]["item"]["name"] == "b"
    with pytest.raises(TypeError, match="are_equal must be a function"):
        memo(Item, are_equal=1)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="memo\\(\\) expects a component function"):
        memo(3)  # type: ignore[type-var]
    assert render_to_string(Item(item={"id": 1, "name": "ssr"})) == "<span>ssr</span>"


# --- create_portal ----------------------------------------------------------------------------------


@component
def Modal(open_: bool = True) -> object:
    clicks, set_clicks = use_state(0)
    inner = create_portal(div(class_="modal")[button(id="inside")["close"], p[f"clicks {clicks}"]], "#modal-root")
    return div(id="outer", on_click=lambda e: set_clicks(clicks + 1))[p(id="count")[f"outer {clicks}"],
                                                                         inner if open_ else None]


def test_portal_renders_into_its_target_and_events_bubble_to_component_ancestors() -> None:
    view = mount(Modal(), page=PAGE)
    target = view.document.body.query("#modal-root")
    assert target is not None and target.html == '<div class="modal"><button id="inside">close</button><p>clicks 0</p></div>'
    assert "modal" not in view.html  # nothing in place
    assert any(PORTAL in commit for commit in view.commits)
    view.click("#inside")  # the DOM parent is #modal-root; the handler is on the portal's ancestor
    assert view.get("#count").text == "outer 1"
    assert target.query("p").text == "clicks 1"


def test_portal_unmounts_from_its_target_and_stop_propagation_is_honoured() -> None:
    @component
    def App() -> object:
        shown, set_shown = use_state(True)
        hits, set_hits = use_state(0)

        def stop(event: object) -> None:
            event.stop_propagation()  # type: ignore[attr-defined]

        portal = create_portal(button(id="stop", on_click=stop)["stop"], "#modal-root")
        return div(on_click=lambda e: set_hits(hits + 1))[
            span(id="hits")[str(hits)], button(id="hide", on_click=lambda e: set_shown(False))["hide"],
            portal if shown else None]

    view = mount(App(), page=PAGE)
    view.click("#stop")
    assert view.get("#hits").text == "0"
    view.click("#hide")  # hits 1 (it bubbled from #hide), and the portal's DOM leaves its target
    assert view.get("#hits").text == "1"
    assert view.document.body.query("#modal-root").children == []


def test_portal_renders_nothing_on_the_server_and_hydrates_without_a_mismatch() -> None:
    assert render_to_string(Modal()) == '<div id="outer"><p id="count">outer 0</p></div>'
    view = mount(Modal(), hydrate=True, page=PAGE)
    assert view.warnings == []
    assert view.document.body.query("#modal-root button").text == "close"
    view.click("#inside")
    assert view.get("#count").text == "outer 1"


def test_portal_target_errors_name_the_fix() -> None:
    with pytest.raises(TypeError, match="CSS selector"):
        create_portal(p["x"], "")
    view = mount(Modal(open_=False), raise_errors=False)
    view.rerender(Modal(open_=True))  # no #modal-root on this page
    assert any("matches no element" in str(report) for report in view.errors)


# --- use_sync_external_store ------------------------------------------------------------------------


class Store:
    def __init__(self, value: int) -> None:
        self.value = value
        self.listeners: list = []
        self.subscribes = 0

    def subscribe(self, callback):
        self.subscribes += 1
        self.listeners.append(callback)
        return lambda: self.listeners.remove(callback)

    def set(self, value: int) -> None:
        self.value = value
        for listener in list(self.listeners):
            listener()


def test_use_sync_external_store_rerenders_on_change_and_unsubscribes() -> None:
    store = Store(1)
    renders: list[int] = []

    @component
    def Reader() -> object:
        value = use_sync_external_store(store.subscribe, lambda: store.value)
        renders.append(value)
        return p[str(value)]

    view = mount(Reader())
    assert view.text == "1" and len(store.listeners) == 1
    view.settle()
    store.set(2)
    view.settle()
    assert view.text == "2"
    count = len(renders)
    store.set(2)  # the same snapshot: no render
    view.settle()
    assert len(renders) == count
    view.unmount()
    assert store.listeners == []


def test_use_sync_external_store_resubscribes_when_subscribe_changes_and_reads_the_server_snapshot() -> None:
    a, b = Store(1), Store(10)

    @component
    def Reader(store: Store) -> object:
        return p[str(use_sync_external_store(store.subscribe, lambda: store.value, lambda: -1))]

    assert render_to_string(Reader(store=a)) == "<p>-1</p>"
    view = mount(Reader(store=a))
    view.rerender(Reader(store=b))
    assert view.text == "10"
    assert a.listeners == [] and len(b.listeners) == 1
    b.set(11)
    view.settle()
    assert view.text == "11"


# --- use_hydrated -----------------------------------------------------------------------------------


@component
def ClientOnly() -> object:
    hydrated = use_hydrated()
    return p["12:00:00" if hydrated else "--:--"]


def test_use_hydrated_is_false_on_the_server_and_while_hydrating_then_true() -> None:
    assert render_to_string(ClientOnly()) == "<p>--:--</p>"
    view = mount(ClientOnly(), hydrate=True)
    assert view.warnings == []  # the hydration render matched the server's
    assert view.text == "12:00:00"  # then it rendered again
    assert mount(ClientOnly()).commits[0].count("--:--") == 0  # a client mount is hydrated at once


# --- suppress_hydration_warning ---------------------------------------------------------------------


def test_suppress_hydration_warning_applies_the_client_value_quietly() -> None:
    side = {"now": "server"}

    @component
    def Stamp(quiet: bool) -> object:
        return div[p(suppress_hydration_warning=quiet, title=side["now"])[side["now"]]]

    html = render_to_string(Stamp(quiet=True))
    assert "suppress" not in html and html == '<div><p title="server">server</p></div>'
    for quiet, warned in ((True, False), (False, True)):
        side["now"] = "server"  # hydrate server HTML made with other values than the client's
        server_html = render_to_string(Stamp(quiet=quiet))
        side["now"] = "client"
        view = _hydrate_html(Stamp(quiet=quiet), server_html)
        assert view.get("p").text == "client" and view.attrs("p")["title"] == "client"
        assert bool(view.warnings) is warned, view.warnings


def _hydrate_html(node: object, html: str):
    from pickle_reactor import testing

    original = testing.render_to_string
    testing.render_to_string = lambda _node: html  # the server rendered another value
    try:
        return mount(node, hydrate=True)
    finally:
        testing.render_to_string = original


def test_suppress_hydration_warning_is_never_an_attribute_nor_an_event() -> None:
    el = input_(suppress_hydration_warning=True, value="x")
    assert el.props == {"value": "x"}
    view = mount(div[el])
    assert "suppress" not in view.html
    assert all("pr:" not in str(op) for commit in view.commits for op in commit)
    assert count_ops(view.commits[0]).get("LISTEN", 0) == 0


def test_a_reopened_portal_and_two_portals_in_one_target_still_bubble() -> None:
    @component
    def Two() -> object:
        hits, set_hits = use_state("")
        shown, set_shown = use_state(True)
        first = create_portal(span(id="one")["1"], "#modal-root")
        second = create_portal(span(id="two")["2"], "#modal-root")
        return div[
            div(on_click=lambda e: set_hits(hits + "a"))[first if shown else None],
            div(on_click=lambda e: set_hits(hits + "b"))[second],
            button(id="toggle", on_click=lambda e: set_shown(not shown))["t"], p(id="hits")[hits]]

    view = mount(Two(), page=PAGE)
    view.click("#one")
    view.click("#two")
    assert view.get("#hits").text == "ab"
    view.click("#toggle")
    view.click("#toggle")  # the first portal mounts again, into the shared target
    view.click("#one")
    view.click("#two")
    assert view.get("#hits").text == "abab"
    assert [el.text for el in view.document.body.query("#modal-root").children] == ["2", "1"]
