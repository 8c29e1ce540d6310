"""``use_action`` in components, through ``pickle_reactor.testing`` and an injected transport that runs
the real dispatcher in-process."""

from __future__ import annotations

import asyncio
import types
from collections.abc import Iterator
from typing import Any

import pr_action_samples as samples
import pytest

from pickle_reactor import component, use_action, use_state
from pickle_reactor.core.actions import ActionError, ActionState, set_transport
from pickle_reactor.html import button, li, p, ul
from pickle_reactor.server.actions.dispatch import ActionDispatcher
from pickle_reactor.server.actions.stubs import generate_stub
from pickle_reactor.testing import ComponentError, mount

MOD = "pr_action_samples"


class Recorder:
    """A transport: the in-process dispatcher, optionally held at a gate, recording every call."""

    def __init__(self) -> None:
        self.inner = ActionDispatcher([MOD]).transport()
        self.calls: list[tuple[str, str, Any]] = []
        self.gates: dict[str, asyncio.Event] = {}

    async def __call__(self, name: str, url: str, payload: Any) -> Any:
        self.calls.append((name, url, payload))
        gate = self.gates.get(payload.get("title", ""))
        if gate is not None:
            await gate.wait()
        return await self.inner(name, url, payload)


@pytest.fixture
def transport() -> Iterator[Recorder]:
    recorder = Recorder()
    previous = set_transport(recorder)
    yield recorder
    set_transport(previous)


def describe(state: ActionState) -> str:
    if state.error is not None:
        return f"error {state.error.status} " + ",".join(e["pointer"] for e in state.error.errors)
    return f"pending={state.pending} result={state.result!r}"


@component
def TodoAdder(fn: Any = samples.add_todo):
    add, state = use_action(fn)
    title, set_title = use_state("milk")
    return ul[
        li(id="state")[describe(state)],
        button(id="add", on_click=lambda: add(title=title))["add"],
        button(id="empty", on_click=lambda: add(title=""))["add empty"],
        button(id="slow", on_click=lambda: (set_title("slow"), add(title="slow")))["slow"],
    ]


def test_call_updates_state_with_the_result(transport: Recorder) -> None:
    view = mount(TodoAdder())
    assert view.query("#state").text == "pending=False result=None"
    view.click("#add")
    assert view.query("#state").text == "pending=False result=[{'id': 1, 'title': 'milk', 'done': False}]"
    assert transport.calls == [(f"{MOD}.add_todo", f"/_reactor/actions/{MOD}.add_todo", {"title": "milk"})]


def test_state_is_pending_until_the_server_answers(transport: Recorder) -> None:
    view = mount(TodoAdder(), timeout=0.05)
    gate = transport.gates["slow"] = asyncio.Event()
    view.click("#slow")
    assert view.query("#state").text == "pending=True result=None"
    view.loop.call_soon_threadsafe(gate.set)
    view.settle()
    assert view.query("#state").text.startswith("pending=False result=[{'id': 1, 'title': 'slow'")


def test_validation_error_lands_in_state_error(transport: Recorder) -> None:
    view = mount(TodoAdder())
    view.click("#empty")
    assert view.query("#state").text == "error 422 #/title"
    view.click("#add")  # a later success clears the error
    assert view.query("#state").text.startswith("pending=False result=[")


def test_newest_call_decides_the_state(transport: Recorder) -> None:
    view = mount(TodoAdder(), timeout=0.05)
    gate = transport.gates["slow"] = asyncio.Event()
    view.click("#slow")      # held at the gate
    view.click("#empty")     # answered at once with a 422
    assert view.query("#state").text == "error 422 #/title"
    view.loop.call_soon_threadsafe(gate.set)
    view.settle()
    assert view.query("#state").text == "error 422 #/title"  # the older call's result is ignored


def test_awaiting_the_call_gives_the_result_or_raises() -> None:
    outcomes: list[Any] = []
    set_transport(ActionDispatcher([MOD]).transport())

    @component
    def Awaiting():
        add, _state = use_action(samples.add_todo)

        async def go(title: str) -> None:
            try:
                outcomes.append(await add(title=title))
            except ActionError as error:
                outcomes.append(error.status)

        return p[button(id="ok", on_click=lambda: go("tea")), button(id="bad", on_click=lambda: go(""))]

    try:
        view = mount(Awaiting())
        view.click("#ok")
        view.click("#bad")
    finally:
        set_transport(None)
    assert outcomes == [[{"id": 1, "title": "tea", "done": False}], 422]


def test_client_stub_works_as_the_action(transport: Recorder) -> None:
    stub = types.ModuleType(MOD)
    exec(generate_stub(MOD, prefix="/x"), stub.__dict__)  # noqa: S102  (our generated stub)
    view = mount(TodoAdder(fn=stub.add_todo))
    view.click("#add")
    assert view.query("#state").text.startswith("pending=False result=[{'id': 1, 'title': 'milk'")
    assert transport.calls[0][1] == f"/x/actions/{MOD}.add_todo"


def test_transport_bug_is_reported_as_the_components_error() -> None:
    async def broken(name: str, url: str, payload: Any) -> Any:
        # yield once first: pickle_reactor.testing's settle() does not yet run the done-callbacks of a
        # task that finished within the event's own loop turn, so the runtime's error report would wait
        await asyncio.sleep(0)
        raise ValueError("transport bug")

    previous = set_transport(broken)
    try:
        view = mount(TodoAdder(), raise_errors=False)
        view.click("#add")
    finally:
        set_transport(previous)
    assert view.query("#state").text == "error 0 "
    assert [type(r.exception) for r in view.errors] == [ValueError]
    with pytest.raises(ComponentError):
        set_transport(broken)
        try:
            mount(TodoAdder()).click("#add")
        finally:
            set_transport(previous)


def test_use_action_needs_an_action() -> None:
    @component
    def Wrong():
        use_action(print)
        return p["x"]

    with pytest.raises(ComponentError, match="use_action expects an @action function"):
        mount(Wrong())
