"""@action registration and the dispatcher's rules: one test (or table) per rule of DESIGN.md §3."""

from __future__ import annotations

import asyncio
import json
import logging
import threading
from collections.abc import AsyncIterator

import pr_action_samples as samples
import pytest
from pydantic import BaseModel, ConfigDict

from pickle_reactor import action
from pickle_reactor.server.actions import ActionDefinitionError, get_action
from pickle_reactor.server.actions.dispatch import ActionDispatcher, ActionResponse

MOD = "pr_action_samples"
JSON = {"content-type": "application/json"}


@pytest.fixture
def dispatcher() -> ActionDispatcher:
    return ActionDispatcher([MOD], allowed_origins=["https://partner.example"], max_body=1000)


def call(d: ActionDispatcher, name: str, body: bytes | object = b"{}", method: str = "POST",
         headers: dict[str, str] | None = None, request: object = None) -> ActionResponse:
    return asyncio.run(d.dispatch(f"{MOD}.{name}", method, JSON if headers is None else headers, body, request))


def problem(response: ActionResponse) -> dict:
    assert dict(response.headers)["content-type"] == "application/problem+json"
    data = json.loads(response.body)
    assert data["status"] == response.status
    return data


# -- registration -----------------------------------------------------------------------------------------

def test_action_registers_under_module_qualified_name_and_stays_callable() -> None:
    spec = get_action("pr_action_samples.add_todo_sync")
    assert spec.fn is samples.add_todo_sync
    assert samples.add_todo_sync.__pr_action__ == "pr_action_samples.add_todo_sync"
    assert samples.add_todo_sync(samples.NewTodo(title="direct")).title == "direct"


class Loose(BaseModel):
    model_config = ConfigDict(extra="allow")
    x: int


def test_missing_return_annotation_is_refused() -> None:
    def no_return(payload: samples.NewTodo):  # type: ignore[no-untyped-def]
        return 1

    no_return.__qualname__ = "no_return"
    with pytest.raises(ActionDefinitionError, match=r"no_return: annotate the return type"):
        action(no_return)


def test_payload_must_be_a_pydantic_model() -> None:
    def takes_dict(payload: dict) -> int:
        return 1

    takes_dict.__qualname__ = "takes_dict"
    with pytest.raises(ActionDefinitionError, match=r"takes_dict: annotate the payload parameter `payload`"):
        action(takes_dict)


def test_payload_model_allowing_extras_is_refused() -> None:
    def loose(payload: Loose) -> int:
        return 1

    loose.__qualname__ = "loose"
    with pytest.raises(ActionDefinitionError, match=r"loose: payload model Loose sets extra='allow'"):
        action(loose)


def test_more_than_payload_and_request_is_refused() -> None:
    def two(payload: samples.NewTodo, other: int, request=None) -> int:  # type: ignore[no-untyped-def]
        return 1

    two.__qualname__ = "two"
    with pytest.raises(ActionDefinitionError, match=r"not also other"):
        action(two)


def test_nested_function_is_refused() -> None:
    with pytest.raises(ActionDefinitionError, match=r"module level"):
        @action
        def inner() -> int:
            return 1


def test_forward_reference_is_resolved_on_first_use(dispatcher: ActionDispatcher) -> None:
    response = call(dispatcher, "later", b'{"n": 5}')
    assert (response.status, json.loads(response.body)) == (200, {"n": 5})


# -- happy paths --------------------------------------------------------------------------------------------

def test_async_action_gets_the_request_and_its_result_is_serialised(dispatcher: ActionDispatcher) -> None:
    marker = object()
    response = call(dispatcher, "add_todo", b'{"title": "milk"}', request=marker)
    assert response.status == 200
    assert dict(response.headers)["content-type"] == "application/json"
    assert json.loads(response.body) == [{"id": 1, "title": "milk", "done": False}]
    assert samples.calls[-1] == ("add_todo", marker)


def test_sync_action_runs_in_a_worker_thread(dispatcher: ActionDispatcher) -> None:
    response = call(dispatcher, "add_todo_sync", b'{"title": "eggs", "done": true}')
    assert json.loads(response.body) == {"id": 2, "title": "eggs", "done": True}
    assert samples.calls[-1][0] == "add_todo_sync"
    assert samples.calls[-1][1] != threading.get_ident()


def test_action_without_payload_takes_an_empty_object(dispatcher: ActionDispatcher) -> None:
    assert json.loads(call(dispatcher, "ping", b"{}").body) == "pong"
    refused = call(dispatcher, "ping", b'{"x": 1}')
    assert refused.status == 422
    assert problem(refused)["errors"] == [{"pointer": "#/x", "detail": "Extra inputs are not permitted"}]


def test_charset_utf8_is_accepted(dispatcher: ActionDispatcher) -> None:
    response = call(dispatcher, "ping", headers={"content-type": "Application/JSON; charset=UTF-8"})
    assert response.status == 200


# -- refusals, one rule each -----------------------------------------------------------------------------

def test_unknown_action_is_404(dispatcher: ActionDispatcher) -> None:
    assert problem(call(dispatcher, "no_such_action"))["title"] == "Not Found"


def test_action_of_a_module_off_the_allow_list_is_404(dispatcher: ActionDispatcher) -> None:
    import pr_action_samples_other  # noqa: F401  (registered, but not allow-listed)

    response = asyncio.run(dispatcher.dispatch("pr_action_samples_other.hidden", "POST", JSON, b"{}"))
    assert response.status == 404
    allowed = ActionDispatcher(["pr_action_samples_other"])
    assert asyncio.run(allowed.dispatch("pr_action_samples_other.hidden", "POST", JSON, b"{}")).status == 200


@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"])
def test_only_post_is_allowed(dispatcher: ActionDispatcher, method: str) -> None:
    response = call(dispatcher, "ping", method=method)
    assert response.status == 405
    assert dict(response.headers)["allow"] == "POST"


@pytest.mark.parametrize("content_type", [
    None, "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
    "application/json; charset=latin-1", "application/jsonx", "text/json",
])
def test_content_type_must_be_json(dispatcher: ActionDispatcher, content_type: str | None) -> None:
    headers = {} if content_type is None else {"content-type": content_type}
    samples.calls.clear()
    response = call(dispatcher, "add_todo", b'{"title": "x"}', headers=headers)
    assert response.status == 415
    assert samples.calls == []


@pytest.mark.parametrize("headers, allowed", [
    ({"sec-fetch-site": "same-origin"}, True),
    ({"sec-fetch-site": "same-origin", "origin": "https://evil.example"}, True),  # the browser decides
    ({"sec-fetch-site": "cross-site", "origin": "https://evil.example", "host": "evil.example"}, False),
    ({"sec-fetch-site": "same-site", "origin": "https://sub.app.example", "host": "app.example"}, False),
    ({"sec-fetch-site": "none"}, False),
    ({"sec-fetch-site": "cross-site", "origin": "https://partner.example"}, True),
    ({"sec-fetch-site": "cross-site", "origin": "https://partner.example:443"}, True),
    ({"sec-fetch-site": "cross-site"}, False),
    ({"origin": "https://app.example", "host": "app.example"}, True),
    ({"origin": "http://app.example:8000", "host": "app.example:8000"}, True),
    ({"origin": "https://app.example", "host": "app.example:8443"}, False),
    ({"origin": "https://evil.example", "host": "app.example"}, False),
    ({"origin": "null", "host": "app.example"}, False),
    ({"origin": "https://partner.example", "host": "app.example"}, True),
    ({"origin": "https://partner.example.evil", "host": "app.example"}, False),
    ({}, True),  # not a browser page: no cross-site page can have sent it
])
def test_origin_check(dispatcher: ActionDispatcher, headers: dict[str, str], allowed: bool) -> None:
    samples.calls.clear()
    response = call(dispatcher, "add_todo", b'{"title": "x"}', headers={**JSON, **headers})
    assert response.status == (200 if allowed else 403)
    assert bool(samples.calls) == allowed


def test_declared_content_length_over_the_cap_is_413_without_reading(dispatcher: ActionDispatcher) -> None:
    read = []

    async def body() -> AsyncIterator[bytes]:
        read.append(1)
        yield b"{}"

    response = call(dispatcher, "ping", body(), headers={**JSON, "content-length": "1001"})
    assert response.status == 413 and read == []


@pytest.mark.parametrize("declared", ["²", "１２", "-1", "1e9", "10, 10", ""])
def test_odd_content_length_is_ignored_and_the_stream_cap_still_holds(dispatcher: ActionDispatcher, declared: str) -> None:
    assert call(dispatcher, "ping", b"{}", headers={**JSON, "content-length": declared}).status == 200
    assert call(dispatcher, "ping", b" " * 1001, headers={**JSON, "content-length": declared}).status == 413


def test_body_over_the_cap_is_413_while_streaming(dispatcher: ActionDispatcher) -> None:
    pulled = []

    async def body() -> AsyncIterator[bytes]:
        for i in range(100):  # 100 x 400 bytes, far over the 1000-byte cap
            pulled.append(i)
            yield b" " * 400

    response = call(dispatcher, "ping", body())
    assert response.status == 413
    assert len(pulled) == 3  # stopped at the first chunk past the cap


def test_body_over_the_cap_is_413_as_bytes_and_in_sync_dispatch(dispatcher: ActionDispatcher) -> None:
    assert call(dispatcher, "ping", b" " * 1001).status == 413
    assert call(dispatcher, "ping", b" " * 998 + b"{}").status == 200
    chunks = iter([b" " * 600, b" " * 600, b"{}"])
    assert dispatcher.dispatch_sync(f"{MOD}.ping", "POST", JSON, chunks).status == 413
    assert next(chunks) == b"{}"  # the last chunk was never pulled


@pytest.mark.parametrize("body", [b"", b"{", b'{"title": "x",}', b"\xff\xfe", b"{'title': 'x'}", b"NaN}"])
def test_malformed_json_is_400(dispatcher: ActionDispatcher, body: bytes) -> None:
    data = problem(call(dispatcher, "add_todo", body))
    assert data["status"] == 400 and "errors" not in data


def test_validation_errors_are_422_with_json_pointers(dispatcher: ActionDispatcher) -> None:
    body = json.dumps({"items": [{"title": "ok"}, {"title": "", "tag": "long"}], "weird_key": {"a/b~c": "x"},
                       "unknown": 1}).encode()
    data = problem(call(dispatcher, "place_order", body))
    assert data["status"] == 422
    pointers = sorted(e["pointer"] for e in data["errors"])
    assert pointers == ["#/items/1/tag", "#/items/1/title", "#/unknown", "#/weird_key/a~1b~0c"]
    assert all(set(e) == {"pointer", "detail"} for e in data["errors"])


def test_unknown_fields_are_rejected_in_nested_models_too(dispatcher: ActionDispatcher) -> None:
    data = problem(call(dispatcher, "place_order", b'{"items": [{"title": "a", "sneaky": true}]}'))
    assert data["errors"] == [{"pointer": "#/items/0/sneaky", "detail": "Extra inputs are not permitted"}]


@pytest.mark.parametrize("body", [
    {"items": [], "ref": "CANARYzz-not-a-uuid"},
    {"items": [], "pet": {"kind": "CANARYkind", "meows": 1}},
    {"items": [], "slug": "CANARYUPPER"},
    {"items": [{"title": "CANARY", "tag": "CANARYlong"}]},
    {"items": "CANARY-not-a-list"},
    {"items": [], "weird_key": {"k": "CANARYnotint"}},
    {"items": [], "CANARYextra": "CANARYvalue"},
])
def test_validation_errors_never_echo_the_input(dispatcher: ActionDispatcher, body: dict) -> None:
    response = call(dispatcher, "place_order", json.dumps(body).encode())
    assert response.status == 422
    details = " ".join(e["detail"] for e in problem(response)["errors"])
    assert "CANARY" not in details
    assert b"CANARYvalue" not in response.body


def test_a_validator_message_is_kept_unless_it_contains_the_input(dispatcher: ActionDispatcher) -> None:
    data = problem(call(dispatcher, "place_order", b'{"items": [], "slug": "admin"}'))
    assert data["errors"] == [{"pointer": "#/slug", "detail": "Invalid value"}]  # it said "admin is reserved"


@pytest.mark.parametrize("name", ["explode", "explode_sync", "wrong_result"])
def test_exception_is_500_with_nothing_leaked_and_logged(dispatcher: ActionDispatcher, name: str,
                                                        caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.ERROR, logger="pickle_reactor.actions"):
        response = call(dispatcher, name, b'{"title": "milk"}')
    data = problem(response)
    assert data == {"type": "about:blank", "title": "Internal Server Error", "status": 500,
                    "detail": "The action failed."}
    for secret in (b"hunter2", b"internal-secret-key", b"Traceback", b"milk", b"not an int"):
        assert secret not in response.body
    record = caplog.records[-1]
    assert record.getMessage() == f"action {MOD}.{name} failed"
    assert record.exc_info is not None  # the traceback goes to the server log


@pytest.mark.parametrize("name, body, method, headers", [
    ("ping", b"{}", "POST", JSON),
    ("add_todo", b"{", "POST", JSON),
    ("add_todo", b"{}", "POST", {"content-type": "text/plain"}),
    ("add_todo", b"{}", "GET", JSON),
    ("nope", b"{}", "POST", JSON),
    ("add_todo", b"{}", "POST", {**JSON, "sec-fetch-site": "cross-site"}),
    ("add_todo", b" " * 2000, "POST", JSON),
    ("add_todo", b"{}", "POST", JSON),
    ("explode", b'{"title": "x"}', "POST", JSON),
])
def test_every_response_is_no_store(dispatcher: ActionDispatcher, name: str, body: bytes, method: str,
                                    headers: dict[str, str], caplog: pytest.LogCaptureFixture) -> None:
    response = call(dispatcher, name, body, method, headers)
    assert dict(response.headers)["cache-control"] == "no-store"


def test_dispatch_sync_serves_sync_and_async_actions(dispatcher: ActionDispatcher) -> None:
    sync = dispatcher.dispatch_sync(f"{MOD}.add_todo_sync", "POST", JSON, b'{"title": "a"}')
    asynchronous = dispatcher.dispatch_sync(f"{MOD}.add_todo", "POST", JSON, b'{"title": "b"}', request="req")
    assert json.loads(sync.body)["title"] == "a"
    assert json.loads(asynchronous.body)[0]["title"] == "b"
    assert samples.calls[-1] == ("add_todo", "req")


def test_dispatcher_keeps_no_state_between_requests(dispatcher: ActionDispatcher) -> None:
    before = {k: v for k, v in vars(dispatcher).items()}
    for body in (b'{"title": "x"}', b"{", b" " * 5000):
        call(dispatcher, "add_todo", body)
    assert vars(dispatcher) == before
    other = ActionDispatcher([MOD], allowed_origins=["https://partner.example"], max_body=1000)
    assert call(other, "add_todo", b'{"title": "x"}').body == call(dispatcher, "add_todo", b'{"title": "x"}').body


def test_bad_allowed_origin_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match=r"allowed_origins: 'partner.example' is not an origin"):
        ActionDispatcher([MOD], allowed_origins=["partner.example"])
