"""pickle_reactor.testing: the mount() API of API.md §4."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from pickle_reactor import component, use_effect, use_state
from pickle_reactor.html import (
    button,
    div,
    form,
    h1,
    input_,
    li,
    option,
    p,
    select,
    span,
    ul,
)
from pickle_reactor.testing import ComponentError, mount


@component
def Counter(initial: int = 0) -> Any:
    count, set_count = use_state(initial)
    return div(class_="counter")[
        h1[f"Count: {count}"],
        button(on_click=lambda event: set_count(count + 1))["Increment"],
    ]


@component
def Todo() -> Any:
    items, set_items = use_state(["tea"])
    draft, set_draft = use_state("")

    def add(event: Any) -> None:
        event.prevent_default()
        set_items([*items, draft])
        set_draft("")

    return form(on_submit=add)[
        input_(name="title", value=draft, on_input=lambda e: set_draft(e.target.value)),
        button(type="submit")["Add"],
        ul[(li(key=i)[item] for i, item in enumerate(items))],
    ]


def test_mount_html_query_and_click() -> None:
    view = mount(Counter(initial=1))
    assert view.html == '<div class="counter"><h1>Count: 1</h1><button>Increment</button></div>'
    assert view.query("h1").text == "Count: 1"
    assert view.query("h2") is None
    view.click("button")
    assert view.query("h1").text == "Count: 2"
    assert view.text == "Count: 2Increment"


def test_query_all_and_attrs() -> None:
    view = mount(Todo())
    assert [el.text for el in view.query_all("li")] == ["tea"]
    assert view.attrs("input") == {"name": "title", "value": ""}
    assert view.get("button").attrs["type"] == "submit"


def test_actions_on_missing_elements_raise_lookup_error() -> None:
    view = mount(Counter())
    for action in (lambda: view.click("a"), lambda: view.input("input", "x"), lambda: view.submit("form"),
                   lambda: view.get("#nope"), lambda: view.keydown("textarea", "Enter")):
        with pytest.raises(LookupError):
            action()


def test_input_then_submit() -> None:
    view = mount(Todo())
    view.input("input[name=title]", "milk")
    assert view.query("input").value == "milk"
    view.submit("form")
    assert [el.text for el in view.query_all("li")] == ["tea", "milk"]
    assert view.query("input").value == ""


def test_clicking_a_submit_button_submits_its_form_unless_prevented() -> None:
    view = mount(Todo())
    view.input("input", "bread")
    view.click("button")
    assert [el.text for el in view.query_all("li")] == ["tea", "bread"]

    submitted = []

    @component
    def Guarded() -> Any:
        return form(on_submit=lambda: submitted.append(1))[button(on_click=lambda e: e.prevent_default())["Go"]]

    mount(Guarded()).click("button")
    assert submitted == []


def test_checkbox_click_toggles_and_fires_change() -> None:
    @component
    def Agree() -> Any:
        agreed, set_agreed = use_state(False)
        return div[input_(type="checkbox", on_change=lambda e: set_agreed(e.target.checked)), p[str(agreed)]]

    view = mount(Agree())
    view.click("input")
    assert view.query("p").text == "True" and view.query("input").checked
    view.click("input")
    assert view.query("p").text == "False"


def test_controlled_input_keeps_its_value_when_state_rejects_the_edit() -> None:
    @component
    def Digits() -> Any:
        value, set_value = use_state("12")

        def typed(event: Any) -> None:
            if event.target.value.isdigit():
                set_value(event.target.value)

        return input_(value=value, on_input=typed)

    view = mount(Digits())
    view.input("input", "123")
    assert view.query("input").value == "123"
    view.input("input", "12a")
    assert view.query("input").value == "123"


def test_change_selects_an_option() -> None:
    @component
    def Pick() -> Any:
        choice, set_choice = use_state("a")
        return div[select(on_change=lambda e: set_choice(e.target.value))[option(value="a"), option(value="b")],
                   p[choice]]

    view = mount(Pick())
    view.change("select", "b")
    assert view.query("p").text == "b"


def test_keydown_passes_the_key_and_events_bubble_until_stopped() -> None:
    log: list[str] = []

    @component
    def Keys() -> Any:
        def inner(event: Any) -> None:
            log.append(f"inner {event.key}")
            if event.key == "Escape":
                event.stop_propagation()

        return div(on_keydown=lambda e: log.append(f"outer {e.key}"))[input_(on_keydown=inner)]

    view = mount(Keys())
    view.keydown("input", "Enter")
    view.keydown("input", "Escape")
    assert log == ["inner Enter", "outer Enter", "inner Escape"]


def test_event_target_carries_value_checked_id_name_and_attributes() -> None:
    seen: list[Any] = []
    view = mount(div[input_(id="i", name="n", value="v", data_x="1", on_input=seen.append)])
    view.fire("input", "input")
    target = seen[0].target
    assert (target.id, target.name, target.value, target.checked, target.tag) == ("i", "n", "v", False, "input")
    assert target.attrs["data-x"] == "1" and target["data-x"] == "1" and seen[0].type == "input"


def test_async_handlers_finish_before_click_returns() -> None:
    @component
    def Save() -> Any:
        status, set_status = use_state("idle")

        async def save() -> None:
            set_status("saving")
            await asyncio.sleep(0.01)
            set_status("saved")

        return button(on_click=save)[status]

    view = mount(Save())
    view.click("button")
    assert view.query("button").text == "saved"


def test_errors_raise_component_error_by_default_and_collect_otherwise() -> None:
    @component
    def Boom() -> Any:
        n, set_n = use_state(0)
        if n:
            raise RuntimeError("kaboom")
        return button(on_click=lambda: set_n(1))["ok"]

    view = mount(Boom())
    with pytest.raises(ComponentError, match="Boom") as raised:
        view.click("button")
    assert isinstance(raised.value.__cause__, RuntimeError)
    assert view.query("button").text == "ok"
    quiet = mount(Boom(), raise_errors=False)
    quiet.click("button")
    assert quiet.errors[0].phase == "render"


def test_unmount_runs_cleanups_and_empties_the_view() -> None:
    log: list[str] = []

    @component
    def Sub() -> Any:
        use_effect(lambda: (lambda: log.append("unsubscribed")), [])
        return span["live"]

    with mount(div[Sub(), Sub()]) as view:
        view.unmount()
        assert log == ["unsubscribed", "unsubscribed"]
        assert view.html == ""


def test_mount_inside_a_running_loop_says_how_to_fix_it() -> None:
    import asyncio

    import pytest

    from pickle_reactor.html import p
    from pickle_reactor.testing import mount

    async def inside() -> None:
        mount(p["x"])

    with pytest.raises(RuntimeError, match=r"synchronous\) test, not from `async def`"):
        asyncio.run(inside())
