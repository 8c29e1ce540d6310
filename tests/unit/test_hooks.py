"""Hooks, one test per semantic (React's docs as the checklist), through pickle_reactor.testing."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from pickle_reactor import (
    component,
    create_context,
    use_callback,
    use_context,
    use_effect,
    use_id,
    use_layout_effect,
    use_memo,
    use_reducer,
    use_ref,
    use_state,
)
from pickle_reactor.html import button, div, input_, label, li, p, span, ul
from pickle_reactor.testing import ComponentError, mount


def counter(log: list[Any] | None = None) -> Any:
    @component
    def Counter(initial: int = 0) -> Any:
        count, set_count = use_state(initial)
        if log is not None:
            log.append(count)
        return div[p[str(count)], button(on_click=lambda: set_count(count + 1))["+"]]

    return Counter


# --- use_state ----------------------------------------------------------------------------------------


def test_use_state_starts_with_the_initial_value_and_updates_on_set() -> None:
    view = mount(counter()(initial=3))
    assert view.query("p").text == "3"
    view.click("button")
    assert view.query("p").text == "4"


def test_lazy_initial_state_is_computed_once() -> None:
    calls = []

    def expensive() -> int:
        calls.append(1)
        return 10

    @component
    def Lazy() -> Any:
        value, set_value = use_state(expensive)
        return button(on_click=lambda: set_value(value + 1))[str(value)]

    view = mount(Lazy())
    view.click("button")
    view.click("button")
    assert view.query("button").text == "12"
    assert calls == [1]


def test_many_setter_calls_in_one_handler_render_once() -> None:
    renders: list[int] = []

    @component
    def Batch() -> Any:
        a, set_a = use_state(0)
        b, set_b = use_state(0)
        renders.append(a + b)

        def click() -> None:
            for _ in range(5):
                set_a(lambda x: x + 1)
            set_b(10)

        return button(on_click=click)[f"{a} {b}"]

    view = mount(Batch())
    view.click("button")
    assert view.query("button").text == "5 10"
    assert renders == [0, 15]
    assert len(view.commits) == 2


def test_functional_updates_apply_in_order_and_stale_values_do_not() -> None:
    @component
    def Updates() -> Any:
        count, set_count = use_state(0)

        def stale() -> None:
            set_count(count + 1)
            set_count(count + 1)

        def functional() -> None:
            set_count(lambda c: c + 1)
            set_count(lambda c: c * 10)

        return div[p[str(count)], button(id="stale", on_click=stale), button(id="fn", on_click=functional)]

    view = mount(Updates())
    view.click("#stale")
    assert view.query("p").text == "1"
    view.click("#fn")
    assert view.query("p").text == "20"


def test_setting_the_same_value_bails_out_without_rendering() -> None:
    log: list[int] = []
    marker = object()

    @component
    def Same() -> Any:
        _value, set_value = use_state(marker)
        _number, set_number = use_state(1000)
        log.append(1)
        return div[button(id="a", on_click=lambda: set_value(marker)),
                   button(id="b", on_click=lambda: set_number(int("1000")))]  # equal, not identical

    view = mount(Same())
    view.click("#a")
    view.click("#b")
    assert log == [1]
    assert len(view.commits) == 1


def test_setter_identity_is_stable_across_renders() -> None:
    setters = []

    @component
    def Stable() -> Any:
        value, set_value = use_state(0)
        setters.append(set_value)
        return button(on_click=lambda: set_value(value + 1))[str(value)]

    view = mount(Stable())
    view.click("button")
    view.click("button")
    assert len(setters) == 3 and setters[0] is setters[1] is setters[2]


def test_setter_works_from_an_asyncio_task() -> None:
    @component
    def Later() -> Any:
        value, set_value = use_state("waiting")

        async def load() -> None:
            await asyncio.sleep(0.01)
            set_value("loaded")

        return button(on_click=load)[value]

    view = mount(Later())
    view.click("button")
    assert view.query("button").text == "loaded"


def test_set_state_during_render_renders_again_before_committing() -> None:
    @component
    def Derived(value: int) -> Any:
        previous, set_previous = use_state(value)
        changes, set_changes = use_state(0)
        if previous != value:  # React's "storing information from previous renders"
            set_previous(value)
            set_changes(changes + 1)
        return p[f"{value} {changes}"]

    @component
    def Parent() -> Any:
        value, set_value = use_state(1)
        return div[button(on_click=lambda: set_value(value + 1)), Derived(value=value)]

    view = mount(Parent())
    view.click("button")
    assert view.query("p").text == "2 1"


def test_key_change_resets_state() -> None:
    Counter = counter()

    @component
    def Switch() -> Any:
        key, set_key = use_state("a")
        return div[button(id="switch", on_click=lambda: set_key("b")), Counter(key=key)]

    view = mount(Switch())
    view.click("div > div > button")
    assert view.query("p").text == "1"
    view.click("#switch")
    assert view.query("p").text == "0"


# --- hook rules ---------------------------------------------------------------------------------------


def test_a_hook_outside_a_component_raises_a_clear_error() -> None:
    with pytest.raises(RuntimeError, match=r"use_state\(\) was called outside a component"):
        use_state(0)


def test_changing_hook_order_is_reported_with_the_component_name() -> None:
    @component
    def Conditional() -> Any:
        flag, set_flag = use_state(False)
        if flag:
            use_ref(None)
        use_memo(lambda: 1, [])
        return button(on_click=lambda: set_flag(True))["x"]

    view = mount(Conditional(), raise_errors=False)
    view.click("button")
    assert len(view.errors) == 1
    message = str(view.errors[0].exception)
    assert "<Conditional>" in message and "use_memo" in message and "use_ref" in message
    assert view.query("button").text == "x"  # the last good DOM stays


def test_fewer_hooks_than_before_is_an_error() -> None:
    @component
    def Fewer() -> Any:
        flag, set_flag = use_state(False)
        if not flag:
            use_ref(None)
        return button(on_click=lambda: set_flag(True))["x"]

    view = mount(Fewer())
    with pytest.raises(ComponentError, match="Fewer"):
        view.click("button")


# --- effects ------------------------------------------------------------------------------------------


def test_effects_run_after_commit_children_before_parents() -> None:
    log: list[str] = []
    seen_dom: list[str] = []

    @component
    def Child(name: str) -> Any:
        use_effect(lambda: log.append(f"effect {name}"), [])
        return span[name]

    @component
    def Parent() -> Any:
        ref = use_ref()

        def effect() -> None:
            log.append("effect parent")
            seen_dom.append(ref.current.text)

        use_effect(effect, [])
        return div(ref=ref)[Child(name="a"), Child(name="b")]

    mount(Parent())
    assert log == ["effect a", "effect b", "effect parent"]
    assert seen_dom == ["ab"]  # the DOM was patched when the effect ran


def test_effect_deps_none_runs_every_commit_and_empty_runs_once() -> None:
    log: list[str] = []

    @component
    def Deps() -> Any:
        count, set_count = use_state(0)
        use_effect(lambda: log.append(f"always {count}"))
        use_effect(lambda: log.append("once"), [])
        use_effect(lambda: log.append(f"even {count // 2}"), [count // 2])
        return button(on_click=lambda: set_count(count + 1))

    view = mount(Deps())
    view.click("button")
    view.click("button")
    assert log == ["always 0", "once", "even 0", "always 1", "always 2", "even 1"]


def test_deps_compare_objects_by_identity() -> None:
    log: list[int] = []

    @component
    def Identity() -> Any:
        count, set_count = use_state(0)
        use_effect(lambda: log.append(count), [[1, 2]])  # a new (equal) list on every render
        return button(on_click=lambda: set_count(count + 1))

    view = mount(Identity())
    view.click("button")
    assert log == [0, 1]


def test_cleanup_runs_before_the_next_run_and_all_cleanups_before_any_setup() -> None:
    log: list[str] = []

    @component
    def Item(name: str, n: int) -> Any:
        def effect() -> Any:
            log.append(f"setup {name}{n}")
            return lambda: log.append(f"cleanup {name}{n}")

        use_effect(effect, [n])
        return li[name]

    @component
    def List() -> Any:
        n, set_n = use_state(0)
        return ul[button(on_click=lambda: set_n(n + 1)), Item(name="a", n=n), Item(name="b", n=n)]

    view = mount(List())
    log.clear()
    view.click("button")
    assert log == ["cleanup a0", "cleanup b0", "setup a1", "setup b1"]


def test_cleanups_run_on_unmount() -> None:
    log: list[str] = []

    @component
    def Timer() -> Any:
        use_effect(lambda: (lambda: log.append("effect cleanup")), [])
        use_layout_effect(lambda: (lambda: log.append("layout cleanup")), [])
        return p["tick"]

    @component
    def Toggle() -> Any:
        shown, set_shown = use_state(True)
        return div[button(on_click=lambda: set_shown(False)), Timer() if shown else None]

    view = mount(Toggle())
    view.click("button")
    assert log == ["layout cleanup", "effect cleanup"]
    assert view.query("p") is None
    view2 = mount(Timer())
    view2.unmount()
    assert log[-2:] == ["layout cleanup", "effect cleanup"]


def test_layout_effects_run_before_passive_effects() -> None:
    log: list[str] = []

    @component
    def Order() -> Any:
        use_effect(lambda: log.append("effect"))
        use_layout_effect(lambda: log.append("layout"))
        return p

    mount(Order())
    assert log == ["layout", "effect"]


def test_updates_from_effects_are_flushed_before_mount_returns() -> None:
    @component
    def Loader() -> Any:
        status, set_status = use_state("loading")
        use_effect(lambda: set_status("ready"), [])
        return p[status]

    assert mount(Loader()).query("p").text == "ready"


def test_async_effect_runs_as_a_task_and_is_cancelled_on_unmount() -> None:
    cancelled = []

    @component
    def Fetcher() -> Any:
        data, set_data = use_state("")

        async def load() -> None:
            await asyncio.sleep(0)
            set_data("done")
            try:
                await asyncio.sleep(30)
            except asyncio.CancelledError:
                cancelled.append(True)
                raise

        use_effect(load, [])
        return p[data]

    view = mount(Fetcher(), timeout=0.2)
    assert view.query("p").text == "done"
    view.unmount()
    view.settle(0.2)
    assert cancelled == [True]


def test_an_effect_that_sets_state_every_run_is_reported_not_looped_forever() -> None:
    @component
    def Loop() -> Any:
        n, set_n = use_state(0)
        use_effect(lambda: set_n(n + 1))
        return p[str(n)]

    view = mount(Loop(), raise_errors=False)
    assert any("kept scheduling" in str(e.exception) for e in view.errors)


def test_an_effect_returning_a_non_callable_is_reported() -> None:
    @component
    def Bad() -> Any:
        use_effect(lambda: 42)
        return p

    with pytest.raises(ComponentError, match="effect"):
        mount(Bad())


# --- memo, callback, ref ------------------------------------------------------------------------------


def test_use_memo_recomputes_only_when_deps_change() -> None:
    computed: list[int] = []

    @component
    def Memo() -> Any:
        a, set_a = use_state(1)
        b, set_b = use_state(0)
        doubled = use_memo(lambda: computed.append(a) or a * 2, [a])
        return div[p[str(doubled)], button(id="a", on_click=lambda: set_a(a + 1)),
                   button(id="b", on_click=lambda: set_b(b + 1))]

    view = mount(Memo())
    view.click("#b")
    view.click("#a")
    assert view.query("p").text == "4"
    assert computed == [1, 2]


def test_use_callback_keeps_the_function_until_deps_change() -> None:
    seen: list[Any] = []

    @component
    def Callback() -> Any:
        a, set_a = use_state(0)
        b, set_b = use_state(0)
        fn = use_callback(lambda: a, [a])
        seen.append(fn)
        return div[button(id="a", on_click=lambda: set_a(a + 1)), button(id="b", on_click=lambda: set_b(b + 1))]

    view = mount(Callback())
    view.click("#b")
    view.click("#a")
    assert seen[0] is seen[1] and seen[1] is not seen[2]
    assert seen[2]() == 1


def test_use_ref_keeps_a_mutable_value_without_rendering() -> None:
    renders = []

    @component
    def Clicks() -> Any:
        clicks = use_ref(0)
        renders.append(1)

        def click() -> None:
            clicks.current += 1

        return button(on_click=click)[str(clicks.current)]

    view = mount(Clicks())
    view.click("button")
    view.click("button")
    assert len(renders) == 1
    assert view.query("button").text == "0"


def test_ref_attribute_gets_the_dom_node_and_none_on_unmount() -> None:
    refs: list[Any] = []

    @component
    def Focus() -> Any:
        box = use_ref()
        refs.append(box)
        return input_(ref=box, name="q")

    view = mount(Focus())
    node = refs[0].current
    assert node is view.query("input") and node.attrs["name"] == "q"
    view.unmount()
    assert refs[0].current is None


def test_callback_ref_is_called_with_the_node() -> None:
    got: list[Any] = []
    view = mount(div[span(ref=got.append)["x"]])
    assert got == [view.query("span")]


# --- context ------------------------------------------------------------------------------------------


Theme = create_context("light", name="Theme")


def test_use_context_reads_the_default_without_a_provider() -> None:
    @component
    def Themed() -> Any:
        return p[use_context(Theme)]

    assert mount(Themed()).query("p").text == "light"


def test_provider_value_and_updates_reach_consumers_through_unchanged_elements() -> None:
    renders: list[str] = []

    @component
    def Themed() -> Any:
        theme = use_context(Theme)
        renders.append(theme)
        return p(class_=theme)[theme]

    static = div[Themed()]  # the same element every render: only the context update re-renders it

    @component
    def App() -> Any:
        theme, set_theme = use_state("dark")
        return div[button(on_click=lambda: set_theme("blue")), Theme.provider(theme)[static]]

    view = mount(App())
    assert view.query("p").text == "dark"
    view.click("button")
    assert view.query("p.blue").text == "blue"
    assert renders == ["dark", "blue"]


def test_nearest_provider_wins() -> None:
    @component
    def Themed() -> Any:
        return span[use_context(Theme)]

    view = mount(Theme.provider("outer")[Themed(), Theme.provider("inner")[Themed()]])
    assert [s.text for s in view.query_all("span")] == ["outer", "inner"]


# --- use_id, use_reducer ------------------------------------------------------------------------------


def test_use_id_is_stable_and_unique_per_component_and_call() -> None:
    @component
    def Field(name: str) -> Any:
        field_id = use_id()
        hint_id = use_id()
        return div[label(for_=field_id)[name], input_(id=field_id, aria_describedby=hint_id), span(id=hint_id)]

    @component
    def Form() -> Any:
        n, set_n = use_state(0)
        return div[button(on_click=lambda: set_n(n + 1)), Field(name="a"), Field(name="b")]

    view = mount(Form())
    ids = [el.attrs["id"] for el in view.query_all("[id]")]
    view.click("button")
    assert [el.attrs["id"] for el in view.query_all("[id]")] == ids
    assert len(set(ids)) == 4
    for lab in view.query_all("label"):
        assert view.query(f"#{lab.attrs['for']}").tag == "input"


def test_use_reducer_dispatches_through_the_latest_reducer() -> None:
    def reducer(state: dict[str, int], action: str) -> dict[str, int]:
        if action == "inc":
            return {**state, "n": state["n"] + 1}
        if action == "noop":
            return state
        raise ValueError(action)

    renders = []

    @component
    def Reducer() -> Any:
        state, dispatch = use_reducer(reducer, 5, lambda n: {"n": n})
        renders.append(state["n"])
        return div[button(id="inc", on_click=lambda: (dispatch("inc"), dispatch("inc"))),
                   button(id="noop", on_click=lambda: dispatch("noop")), p[str(state["n"])]]

    view = mount(Reducer())
    view.click("#inc")
    view.click("#noop")
    assert view.query("p").text == "7"
    assert renders == [5, 7]
