"""Errors raised in an action body reach the user: ``ActionError`` (4xx only), the host frameworks'
exceptions, readable validation messages, ``field_errors()`` and ``use_action``'s ``reset()``.

Server-side tests go through the real ``ActionDispatcher`` (and Starlette's ``TestClient`` for the ASGI
route); client-side tests use the dispatcher's in-process transport, which decodes the real response."""

from __future__ import annotations

import asyncio
import json
import logging
import pickle
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from pickle_reactor import ActionError, component, use_action, use_state
from pickle_reactor.core.actions import ActionState, set_transport
from pickle_reactor.html import button, p
from pickle_reactor.server.actions.dispatch import (
    ActionDispatcher,
    ActionResponse,
    actions_asgi_app,
)

MOD = "pr_action_error_samples"
DISPATCHER = ActionDispatcher([MOD])
JSON = {"content-type": "application/json"}
HERE = Path(__file__).parent


def call(name: str, payload: dict[str, Any]) -> ActionResponse:
    return asyncio.run(DISPATCHER.dispatch(f"{MOD}.{name}", "POST", JSON, json.dumps(payload).encode()))


def call_sync(name: str, payload: dict[str, Any]) -> ActionResponse:
    return DISPATCHER.dispatch_sync(f"{MOD}.{name}", "POST", JSON, json.dumps(payload).encode())


def problem(response: ActionResponse) -> dict[str, Any]:
    headers = dict(response.headers)
    assert headers["content-type"] == "application/problem+json"
    assert headers["cache-control"] == "no-store"
    data = json.loads(response.body)
    assert data["status"] == response.status
    return data


def client_error(name: str, payload: dict[str, Any]) -> ActionError:
    with pytest.raises(ActionError) as raised:
        asyncio.run(DISPATCHER.transport()(f"{MOD}.{name}", "/unused", payload))
    return raised.value


# -- ActionError raised in an action body ------------------------------------------------------------------

@pytest.mark.parametrize("name", ["fail", "fail_async"])
@pytest.mark.parametrize("send", [call, call_sync])
def test_action_error_with_detail_becomes_that_problem(name: str, send: Any) -> None:
    response = send(name, {"kind": "detail"})
    assert response.status == 403
    assert problem(response) == {"type": "about:blank", "title": "Forbidden", "status": 403, "detail": "staff only"}


def test_errors_as_a_mapping_become_pointers() -> None:
    body = problem(call("fail", {"kind": "mapping"}))
    assert body["status"] == 422 and body["title"] == "Unprocessable Content"
    assert body["errors"] == [
        {"pointer": "#/email", "detail": "already taken"},
        {"pointer": "#/address/city", "detail": "unknown city"},
        {"pointer": "#/address/city", "detail": "second"},
    ]
    assert "detail" not in body


def test_errors_as_a_list_keep_form_level_errors_without_a_pointer() -> None:
    body = problem(call("fail", {"kind": "list"}))
    assert body["detail"] == "Check the form."
    assert body["errors"] == [{"pointer": "#/email", "detail": "taken"}, {"detail": "try again later"}]


def test_title_and_extension_members_are_sent() -> None:
    conflict = problem(call("fail", {"kind": "title"}))
    assert (conflict["status"], conflict["title"], conflict["detail"]) == (409, "Version conflict", "Reload and edit again.")
    gone = problem(call("fail", {"kind": "positional"}))  # the client-side call form works in a body too
    assert gone == {"type": "about:blank", "title": "Gone", "status": 410, "detail": "gone for good",
                    "hint": "see the archive"}


@pytest.mark.parametrize(("kind", "status"), [("server", 503), ("not_an_error", 302)])
def test_only_4xx_statuses_reach_the_client(kind: str, status: int, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.ERROR, "pickle_reactor.actions"):
        response = call("fail", {"kind": kind})
    assert response.status == 500
    body = problem(response)
    assert body["detail"] == "The action failed." and "secret" not in response.body.decode()
    record = caplog.records[-1]
    assert f"ActionError({status}) raised: only 4xx statuses reach the client" in record.getMessage()
    assert record.exc_info is not None  # the traceback is logged


def test_a_problem_that_is_not_json_is_a_logged_500(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.ERROR, "pickle_reactor.actions"):
        response = call("fail", {"kind": "unjsonable"})
    assert response.status == 500
    assert "is not JSON" in caplog.records[-1].getMessage()


def test_any_other_exception_stays_a_masked_500(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.ERROR, "pickle_reactor.actions"):
        response = call("plain_bug", {"kind": "x"})
    assert response.status == 500 and problem(response)["detail"] == "The action failed."
    assert "secret" not in response.body.decode()
    assert caplog.records[-1].exc_info is not None


# -- the client raises an equal ActionError ------------------------------------------------------------------

@pytest.mark.parametrize("kind", ["detail", "mapping", "list", "title", "positional"])
def test_client_raises_an_equal_action_error(kind: str) -> None:
    from pr_action_error_samples import RAISED

    received = client_error("fail", {"kind": kind})
    raised = RAISED[kind]
    assert received == raised
    assert (received.status, received.detail, received.errors) == (raised.status, raised.detail, raised.errors)
    assert received.action == f"{MOD}.fail"


def test_client_error_message_and_title() -> None:
    received = client_error("fail", {"kind": "detail"})
    assert received.title == "Forbidden"
    assert str(received) == f"action {MOD}.fail failed: 403 Forbidden: staff only"


def test_equality_is_status_detail_and_errors() -> None:
    assert ActionError(403, detail="a") == ActionError(403, {"detail": "a", "title": "Nope"}, "x.y")
    assert ActionError(403, detail="a") != ActionError(403, detail="b")
    assert ActionError(403, detail="a") != ActionError(404, detail="a")
    assert ActionError(422, errors={"email": "x"}) == ActionError(422, errors=[{"pointer": "/email", "detail": "x"}])
    assert ActionError(422, errors={"email": "x"}) != ActionError(422, errors={"email": "y"})
    assert hash(ActionError(403, detail="a")) == hash(ActionError(403, detail="a", title="t"))


def test_the_positional_client_form_still_works() -> None:
    error = ActionError(422, {"title": "Unprocessable Content", "detail": "The payload is invalid.",
                              "errors": [{"pointer": "#/title", "detail": "too short"}]}, "m.add")
    assert error.status == 422 and error.action == "m.add"
    assert error.problem["title"] == "Unprocessable Content"
    assert error.errors == [{"pointer": "#/title", "detail": "too short"}]
    assert str(error) == "action m.add failed: 422 Unprocessable Content: The payload is invalid."
    assert ActionError(0, {"title": "Network error", "detail": "offline"}, "m.x").detail == "offline"


def test_action_error_survives_pickling() -> None:
    error = ActionError(422, detail="d", errors={"email": "x"}, title="t")
    assert pickle.loads(pickle.dumps(error)) == error


@pytest.mark.parametrize(
    ("kwargs", "kind", "message"),
    [
        ({"errors": "taken"}, TypeError, r"give a mapping \{'email': 'taken'\} or a list"),
        ({"errors": {"email": 3}}, TypeError, "the message of 'email' must be a str"),
        ({"errors": {"": "x"}}, TypeError, "field names must be non-empty strs"),
        ({"errors": [{"pointer": "/email"}]}, TypeError, "each error needs a str 'detail'"),
        ({"errors": [{"pointer": "email", "detail": "x"}]}, ValueError, "must be a JSON pointer such as '/email'"),
        ({"errors": [{"pointer": "#email", "detail": "x"}]}, ValueError, "pointer '#email' must be a JSON pointer"),
        ({"detail": 5}, TypeError, "detail= must be a str"),
    ],
)
def test_bad_arguments_name_the_fault(kwargs: dict[str, Any], kind: type[Exception], message: str) -> None:
    with pytest.raises(kind, match=message):
        ActionError(422, **kwargs)


def test_bad_status_and_problem_name_the_fault() -> None:
    with pytest.raises(TypeError, match="status must be an int HTTP status"):
        ActionError("403")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"pass a message as ActionError\(403, detail=...\)"):
        ActionError(403, "staff only")  # type: ignore[arg-type]


# -- field_errors() ------------------------------------------------------------------------------------------

def test_field_errors_maps_pointers_to_fields_first_message_wins() -> None:
    error = ActionError(422, errors=[
        {"pointer": "/email", "detail": "taken"},
        {"pointer": "/email", "detail": "second message"},
        {"pointer": "#/address/city", "detail": "unknown"},
        {"pointer": "/items/0/title", "detail": "empty"},
        {"pointer": "/a~1b/c~0d", "detail": "escaped"},
        {"detail": "whole form"},
        {"pointer": "#", "detail": "root"},
    ])
    assert error.field_errors() == {"email": "taken", "address.city": "unknown", "items.0.title": "empty",
                                    "a/b.c~d": "escaped"}


def test_field_errors_of_the_dispatchers_own_validation_errors() -> None:
    error = client_error("validated", {"title": " ", "count": 0})
    assert error.status == 422
    assert error.field_errors() == {"title": "Write something to do first.", "count": "Count must be positive."}
    assert ActionError(500, {"detail": "x"}).field_errors() == {}


# -- readable validation messages ----------------------------------------------------------------------------

def test_validator_messages_lose_pydantics_prefixes() -> None:
    body = problem(call("validated", {"title": "  ", "count": -1}))
    assert body["errors"] == [
        {"pointer": "#/title", "detail": "Write something to do first."},
        {"pointer": "#/count", "detail": "Count must be positive."},
    ]


def test_other_messages_are_unchanged() -> None:
    body = problem(call("validated", {"title": 5}))
    assert body["errors"] == [{"pointer": "#/title", "detail": "Input should be a valid string"}]


# -- Starlette's HTTPException, and the ASGI route -----------------------------------------------------------

def test_starlette_http_exception_maps_to_its_status_detail_and_headers() -> None:
    response = call("starlette_error", {"kind": "401"})
    assert response.status == 401
    assert problem(response) == {"type": "about:blank", "title": "Unauthorized", "status": 401, "detail": "Log in first."}
    headers = dict(response.headers)
    assert headers["www-authenticate"] == "Bearer"
    assert headers["cache-control"] == "no-store"  # the exception cannot loosen caching
    teapot = call("starlette_error", {"kind": "418"})
    assert teapot.status == 418 and "detail" not in problem(teapot)


def test_starlette_5xx_http_exception_is_a_masked_500(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.ERROR, "pickle_reactor.actions"):
        response = call("starlette_error", {"kind": "503"})
    assert response.status == 500 and b"database down" not in response.body
    assert "HTTPException(503) raised" in caplog.records[-1].getMessage()


def test_through_starlettes_test_client() -> None:
    from starlette.applications import Starlette
    from starlette.routing import Mount
    from starlette.testclient import TestClient

    app = Starlette(routes=[Mount("/_reactor/actions", app=actions_asgi_app(DISPATCHER))])
    client = TestClient(app)
    denied = client.post(f"/_reactor/actions/{MOD}.fail", json={"kind": "detail"})
    assert denied.status_code == 403
    assert denied.headers["content-type"] == "application/problem+json"
    assert denied.headers["cache-control"] == "no-store"
    assert denied.json()["detail"] == "staff only"
    teapot = client.post(f"/_reactor/actions/{MOD}.starlette_error", json={"kind": "401"})
    assert teapot.status_code == 401 and teapot.headers["www-authenticate"] == "Bearer"


def test_dispatcher_imports_no_host_framework() -> None:
    code = (
        "import sys\n"
        "import pickle_reactor.core.actions, pickle_reactor.server.actions.dispatch\n"
        "from pickle_reactor.server.actions.dispatch import ActionDispatcher\n"
        f"ActionDispatcher([{MOD!r}])\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('django', 'starlette', 'fastapi'))\n"
        "print(loaded)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=HERE,
                            check=True, timeout=60, env={"PYTHONPATH": str(HERE), "PATH": ""})
    assert result.stdout.strip() == "[]"


# -- use_action: the error in state, and reset() --------------------------------------------------------------

@component
def Form():
    send, state = use_action(__import__(MOD).fail)
    kind, _set_kind = use_state("mapping")
    shown = "none" if state.error is None else f"{state.error.status} {state.error.field_errors()}"
    return p[
        p(id="state")[f"pending={state.pending} result={state.result!r} error={shown}"],
        button(id="send", on_click=lambda: send(kind=kind))["send"],
        button(id="reset", on_click=lambda: state.reset())["reset"],
    ]


@pytest.fixture
def in_process() -> Any:
    previous = set_transport(DISPATCHER.transport())
    yield
    set_transport(previous)


def test_use_action_error_has_field_errors_and_reset_clears_it(in_process: None) -> None:
    from pickle_reactor.testing import mount

    view = mount(Form())
    view.click("#send")
    assert view.query("#state").text == (
        "pending=False result=None error=422 {'email': 'already taken', 'address.city': 'unknown city'}"
    )
    view.click("#reset")
    assert view.query("#state").text == "pending=False result=None error=none"


def test_reset_forgets_a_call_still_running() -> None:
    from pickle_reactor.testing import mount

    gate: dict[str, asyncio.Event] = {}
    inner = DISPATCHER.transport()

    async def held(name: str, url: str, payload: Any) -> Any:
        gate["event"] = asyncio.Event()
        await gate["event"].wait()
        return await inner(name, url, payload)

    previous = set_transport(held)
    try:
        view = mount(Form(), timeout=0.05)
        view.click("#send")
        assert view.query("#state").text.startswith("pending=True")
        view.click("#reset")
        assert view.query("#state").text == "pending=False result=None error=none"
        view.loop.call_soon_threadsafe(gate["event"].set)
        view.settle()
        assert view.query("#state").text == "pending=False result=None error=none"  # the old answer is ignored
    finally:
        set_transport(previous)


def test_reset_on_a_hand_built_state_names_the_fault() -> None:
    assert ActionState() == ActionState(False, None, None)
    with pytest.raises(RuntimeError, match="works on the state use_action returns"):
        ActionState().reset()


def test_the_generated_client_stub_raises_an_equal_action_error(in_process: None) -> None:
    import types

    from pr_action_error_samples import RAISED

    from pickle_reactor.server.actions.stubs import generate_stub

    stub = types.ModuleType(MOD)
    exec(generate_stub(MOD), stub.__dict__)  # noqa: S102  (our generated stub)
    with pytest.raises(ActionError) as raised:
        asyncio.run(stub.fail(kind="list"))
    assert raised.value == RAISED["list"]
    assert raised.value.field_errors() == {"email": "taken"}
