"""The browser transport and ActionError, with a stand-in for Pyodide's ``js`` module that forwards
``fetch`` to a real dispatcher (the only part faked is the browser's JS bridge, which CPython lacks)."""

from __future__ import annotations

import asyncio
import json
import sys
import types
from typing import Any

import pytest

from pickle_reactor.core import actions as client
from pickle_reactor.core.actions import (
    ActionError,
    browser_transport,
    call_action,
    configure,
    set_transport,
)
from pickle_reactor.server.actions.dispatch import ActionDispatcher

MOD = "pr_action_samples"
DISPATCHER = ActionDispatcher([MOD])


class FakeResponse:
    def __init__(self, status: int, body: bytes) -> None:
        self.status = status
        self._body = body

    async def text(self) -> str:
        return self._body.decode()


class FakeJs(types.ModuleType):
    """``js.fetch``/``js.document.cookie``/``js.Object.fromEntries`` backed by the in-process dispatcher."""

    def __init__(self, cookie: str = "", offline: bool = False) -> None:
        super().__init__("js")
        self.document = types.SimpleNamespace(cookie=cookie)
        self.Object = types.SimpleNamespace(fromEntries=dict)
        self.requests: list[tuple[str, dict[str, Any]]] = []
        self.offline = offline

    async def fetch(self, url: str, init: dict[str, Any]) -> FakeResponse:
        self.requests.append((url, init))
        if self.offline:
            raise OSError("TypeError: Failed to fetch")
        headers = {k.lower(): v for k, v in init["headers"].items()}
        response = await DISPATCHER.dispatch(url.rsplit("/", 1)[-1], init["method"], headers, init["body"].encode())
        return FakeResponse(response.status, response.body)


@pytest.fixture
def js(monkeypatch: pytest.MonkeyPatch) -> FakeJs:
    fake = FakeJs(cookie="theme=dark; csrftoken=T0KEN123; other=1")
    ffi = types.ModuleType("pyodide.ffi")
    ffi.to_js = lambda value, dict_converter=None: value  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "js", fake)
    monkeypatch.setitem(sys.modules, "pyodide", types.ModuleType("pyodide"))
    monkeypatch.setitem(sys.modules, "pyodide.ffi", ffi)
    return fake


def test_browser_transport_posts_json_with_the_csrf_cookie(js: FakeJs) -> None:
    result = asyncio.run(browser_transport(f"{MOD}.add_todo", f"/_reactor/actions/{MOD}.add_todo", {"title": "tea"}))
    assert result == [{"id": 1, "title": "tea", "done": False}]
    url, init = js.requests[0]
    assert url == f"/_reactor/actions/{MOD}.add_todo"
    assert init["method"] == "POST" and init["credentials"] == "same-origin"
    assert init["headers"]["Content-Type"] == "application/json"
    assert init["headers"]["X-CSRFToken"] == "T0KEN123"
    assert json.loads(init["body"]) == {"title": "tea"}


def test_no_csrf_header_without_the_cookie(js: FakeJs) -> None:
    js.document.cookie = "csrftoken=; theme=dark"
    asyncio.run(browser_transport(f"{MOD}.ping", f"/x/{MOD}.ping", {}))
    assert "X-CSRFToken" not in js.requests[0][1]["headers"]


def test_problem_responses_raise_action_error(js: FakeJs) -> None:
    with pytest.raises(ActionError) as invalid:
        asyncio.run(browser_transport(f"{MOD}.add_todo", f"/_reactor/actions/{MOD}.add_todo", {"title": 5}))
    assert invalid.value.status == 422
    assert invalid.value.errors == [{"pointer": "#/title", "detail": "Input should be a valid string"}]
    assert str(invalid.value) == f"action {MOD}.add_todo failed: 422 Unprocessable Content: The payload is invalid."
    with pytest.raises(ActionError) as crashed:
        asyncio.run(browser_transport(f"{MOD}.explode", f"/_reactor/actions/{MOD}.explode", {"title": "x"}))
    assert crashed.value.status == 500 and crashed.value.errors == []


def test_network_failure_is_status_0(js: FakeJs) -> None:
    js.offline = True
    with pytest.raises(ActionError) as failed:
        asyncio.run(browser_transport(f"{MOD}.ping", "/_reactor/actions/x", {}))
    assert failed.value.status == 0 and failed.value.problem["title"] == "Network error"


def test_call_action_uses_the_browser_transport_and_configured_prefix(js: FakeJs) -> None:
    previous = set_transport(None)  # None: the browser's fetch transport
    configure(prefix="/pr/")
    try:
        assert asyncio.run(call_action(f"{MOD}.ping", {})) == "pong"
    finally:
        configure()
        set_transport(previous)
    assert js.requests[0][0] == f"/pr/actions/{MOD}.ping"


def test_set_transport_returns_the_previous_one() -> None:
    async def first(name: str, url: str, payload: Any) -> Any:
        return ("first", name, url, payload)

    async def second(name: str, url: str, payload: Any) -> Any:
        return ("second", name, url, payload)

    original = set_transport(first)
    try:
        assert set_transport(second) is first
        assert asyncio.run(call_action("m.f", {"a": 1}, url="/u")) == ("second", "m.f", "/u", {"a": 1})
    finally:
        set_transport(original)
    assert client._Settings.transport is original


def test_client_module_imports_only_the_standard_library() -> None:
    import subprocess

    code = ("import sys; import pickle_reactor.core.actions as c; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in {'pydantic', 'starlette', 'django'}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
