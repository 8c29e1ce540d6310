"""Django's exceptions raised in an action body, through Django's test client and the adapter's view:
``PermissionDenied`` -> 403, ``Http404``/``ObjectDoesNotExist`` -> 404 (fixed details: their messages name
models and queries), ``ValidationError`` -> 422 with its messages; ``ActionError`` as on any host."""

from __future__ import annotations

import json
import logging
from typing import Any

import contrib_django_setup  # noqa: F401  (configures Django before anything below imports it)
import pytest
from contrib_django_setup import REACTOR_SETTINGS
from django.test import Client, override_settings

from pickle_reactor import ActionError

MOD = "pr_action_error_samples"
SETTINGS = {**REACTOR_SETTINGS, "actions": [*REACTOR_SETTINGS["actions"], MOD]}


def post(name: str, payload: dict[str, Any]) -> Any:
    with override_settings(PICKLE_REACTOR=SETTINGS):
        response = Client().post(f"/_reactor/actions/{MOD}.{name}", data=json.dumps(payload),
                                 content_type="application/json")
    assert response["Content-Type"] == "application/problem+json"
    assert response["Cache-Control"] == "no-store"
    body = json.loads(response.content)
    assert body["status"] == response.status_code
    return response.status_code, body


@pytest.mark.parametrize(
    ("kind", "status", "detail"),
    [
        ("permission", 403, "You do not have permission to do this."),
        ("http404", 404, "Not found."),
        ("does_not_exist", 404, "Not found."),
    ],
)
def test_django_exceptions_map_to_their_status_without_their_message(kind: str, status: int, detail: str) -> None:
    got_status, body = post("django_error", {"kind": kind})
    assert got_status == status
    assert body["detail"] == detail
    assert "user 7" not in json.dumps(body) and "query" not in json.dumps(body)


def test_validation_error_dict_gives_field_pointers_and_form_level_errors() -> None:
    status, body = post("django_error", {"kind": "fields"})
    assert status == 422
    assert body["errors"] == [
        {"pointer": "#/email", "detail": "Enter a valid email address."},
        {"pointer": "#/email", "detail": "second message"},
        {"detail": "Passwords do not match."},
    ]
    assert ActionError(status, body).field_errors() == {"email": "Enter a valid email address."}


@pytest.mark.parametrize(
    ("kind", "errors"),
    [
        ("list", [{"detail": "First problem."}, {"detail": "Second 2."}]),
        ("single", [{"detail": "Ends before it starts (x)."}]),
    ],
)
def test_validation_error_messages_without_a_field(kind: str, errors: list[dict[str, str]]) -> None:
    status, body = post("django_error", {"kind": kind})
    assert (status, body["errors"]) == (422, errors)


def test_other_django_exceptions_stay_a_masked_500(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.ERROR, "pickle_reactor.actions"):
        status, body = post("django_error", {"kind": "other"})
    assert status == 500 and body["detail"] == "The action failed."
    ours = [r for r in caplog.records if r.name == "pickle_reactor.actions"]
    assert "SuspiciousOperation" in repr(ours[-1].exc_info)  # logged with its traceback


def test_action_error_through_the_django_view() -> None:
    status, body = post("fail", {"kind": "mapping"})
    assert status == 422
    assert ActionError(status, body) == ActionError(422, errors={"email": "already taken",
                                                               "address.city": ["unknown city", "second"]})
    status, body = post("fail_async", {"kind": "detail"})
    assert (status, body["detail"]) == (403, "staff only")
