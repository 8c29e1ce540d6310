"""Async handlers run their synchronous part inside the event, as React's do."""

from __future__ import annotations

import asyncio

from pickle_reactor import component, use_state
from pickle_reactor.html import button, form, input_, p
from pickle_reactor.testing import mount


@component
def Saver():
    status, set_status = use_state("idle")

    async def save(event):
        event.prevent_default()  # before the first await: must still prevent the native submit
        set_status("saving")
        await asyncio.sleep(0.01)
        set_status("saved")

    return form(on_submit=save)[input_(name="title"), button(type="submit")["Save"], p(id="status")[status]]


def test_prevent_default_before_first_await_prevents_the_submit() -> None:
    with mount(Saver()) as view:
        assert view.fire("form", "submit") is False
        assert view.query("#status").text == "saved"


def test_async_handler_state_after_await_is_committed() -> None:
    with mount(Saver()) as view:
        view.submit("form")
        assert view.query("#status").text == "saved"


@component
def Failing():
    async def boom(event):
        raise ValueError("before any await")

    async def later(event):
        await asyncio.sleep(0)
        raise KeyError("after an await")

    return p[button(id="now", on_click=boom)["now"], button(id="later", on_click=later)["later"]]


def test_errors_before_and_after_the_first_await_are_reported_with_the_component() -> None:
    with mount(Failing(), raise_errors=False) as view:
        view.click("#now")
        view.click("#later")
        reports = list(view.errors)
    assert [(r.component, type(r.exception).__name__) for r in reports] == [
        ("Failing", "ValueError"),
        ("Failing", "KeyError"),
    ]
    assert reports[0].phase == "handler"


FINALLY_RAN: list[bool] = []


@component
def Catching():
    status, set_status = use_state("idle")

    async def fail_later() -> None:
        await asyncio.sleep(0)
        raise LookupError("refused")

    async def save(event):
        event.prevent_default()
        try:
            await asyncio.ensure_future(fail_later())
        except LookupError as exc:
            set_status(f"caught {exc}")
            return
        set_status("not caught")

    async def slow(event):
        try:
            await asyncio.sleep(30)
        finally:
            FINALLY_RAN.append(True)

    return form(on_submit=save)[
        p(id="status")[status], button(id="slow", type="button", on_click=slow)["slow"]
    ]


def test_a_failed_await_reaches_the_handlers_own_except() -> None:
    with mount(Catching()) as view:
        assert view.fire("form", "submit") is False
        assert view.query("#status").text == "caught refused"
        assert view.errors == []


def test_cancelling_an_eager_handler_runs_its_finally() -> None:
    FINALLY_RAN.clear()
    view = mount(Catching(), timeout=0.05)
    view.click("#slow")
    assert FINALLY_RAN == []  # still sleeping
    view.close()  # cancels the handler task
    assert FINALLY_RAN == [True]
    assert view.errors == []
