"""Hypothesis fuzzing of the action endpoint: random names, methods, headers, content types and bodies.

Whatever arrives, the answer is a JSON document with ``Cache-Control: no-store``, never a traceback, and
never a 500 except from the actions that raise on purpose.
"""

from __future__ import annotations

import asyncio
import json
import logging

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from pickle_reactor.server.actions.dispatch import ActionDispatcher

MOD = "pr_action_samples"
DELIBERATE = {f"{MOD}.explode", f"{MOD}.explode_sync", f"{MOD}.wrong_result"}
DISPATCHER = ActionDispatcher([MOD], allowed_origins=["https://partner.example"], max_body=2048)



def mostly(common: st.SearchStrategy, rare: st.SearchStrategy) -> st.SearchStrategy:
    """``common`` four times in five: weighted towards what passes the earlier checks, so that every
    status (not only the first refusals) is reached often."""
    return st.integers(0, 4).flatmap(lambda i: rare if i == 0 else common)


names = mostly(st.sampled_from(sorted(DISPATCHER.actions)),
               st.sampled_from([f"{MOD}.nope", "", ".", "os.system", "pr_action_samples_other.hidden"])
               | st.text(max_size=40))
methods = mostly(st.just("POST"), st.sampled_from(["GET", "PUT", "post", "HEAD"]) | st.text(max_size=8))
content_types = mostly(
    st.sampled_from(["application/json", "application/json; charset=utf-8", "APPLICATION/JSON;charset=\"utf8\""]),
    st.sampled_from(["application/json; charset=latin-1", "text/plain", "multipart/form-data", ""])
    | st.text(max_size=40),
)
header_values = st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=255), max_size=60)
headers = st.fixed_dictionaries(
    {"content-type": content_types},
    optional={
        "sec-fetch-site": mostly(st.just("same-origin"),
                                 st.sampled_from(["same-site", "cross-site", "none"]) | header_values),
        "origin": st.one_of(st.sampled_from(["https://partner.example", "null", "http://app", "https://[::1]:99999"]),
                            header_values),
        "host": st.one_of(st.just("app"), header_values),
        "content-length": st.one_of(st.integers(-5, 3_000).map(str), st.sampled_from(["²", "１２", "10, 10", " 7 "]),
                                    header_values),
    },
)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=15,
)
payloads = st.one_of(
    st.fixed_dictionaries({"title": st.text(max_size=250)}, optional={"done": json_values, "extra": json_values}),
    st.fixed_dictionaries({"items": st.lists(st.fixed_dictionaries({"title": st.text(max_size=5)},
                                                                    optional={"tag": json_values}), max_size=3)},
                          optional={"ref": st.text(max_size=40), "pet": json_values, "slug": st.text(max_size=8),
                                    "weird_key": json_values}),
    json_values,
)
bodies = st.one_of(
    payloads.map(lambda p: json.dumps(p).encode()),
    st.binary(max_size=300),
    st.text(max_size=300).map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.integers(2000, 3000).map(lambda n: b"[" + b"1," * (n // 2) + b"1]"),
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=names, method=methods, headers=headers, body=bodies, chunked=st.booleans())
def test_dispatcher_never_fails_by_accident(name: str, method: str, headers: dict[str, str], body: bytes,
                                           chunked: bool) -> None:
    async def stream():  # type: ignore[no-untyped-def]
        for i in range(0, len(body), 64):
            yield body[i:i + 64]

    logging.getLogger("pickle_reactor.actions").disabled = True  # the deliberate 500s log tracebacks
    try:
        response = asyncio.run(DISPATCHER.dispatch(name, method, headers, stream() if chunked else body))
    finally:
        logging.getLogger("pickle_reactor.actions").disabled = False
    event(f"status {response.status}")
    assert response.status in (200, 400, 403, 404, 405, 413, 415, 422, 500)
    if response.status == 500:
        assert name in DELIBERATE, f"unexpected 500 for {name!r}"
    response_headers = dict(response.headers)
    assert response_headers["cache-control"] == "no-store"
    assert response_headers["content-type"] == ("application/json" if response.status == 200 else "application/problem+json")
    decoded = json.loads(response.body)
    for needle in (b"Traceback", b'File "', b"hunter2", b"internal-secret-key"):
        assert needle not in response.body
    if response.status != 200:
        assert decoded["status"] == response.status
        for error in decoded.get("errors", ()):
            assert set(error) == {"pointer", "detail"} and error["pointer"].startswith("#")


@pytest.mark.parametrize("name", sorted(DELIBERATE))
def test_the_deliberate_failures_really_are_500(name: str, caplog: pytest.LogCaptureFixture) -> None:
    response = asyncio.run(DISPATCHER.dispatch(name, "POST", {"content-type": "application/json"}, b'{"title": "x"}'))
    assert response.status == 500
