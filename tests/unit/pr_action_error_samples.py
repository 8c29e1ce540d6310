"""Actions that fail on purpose, for the action-error tests (importable by name for the allow-list).

Host-framework exceptions are imported inside the bodies, so importing this module loads neither Django
nor Starlette (the tests check that the dispatcher does not either)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, field_validator

from pickle_reactor import ActionError, action


class Which(BaseModel):
    kind: str


class Signup(BaseModel):
    title: str = ""
    count: int = 1

    @field_validator("title")
    @classmethod
    def not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("Write something to do first.")
        return value

    @field_validator("count")
    @classmethod
    def positive(cls, value: int) -> int:
        assert value > 0, "Count must be positive."
        return value


RAISED: dict[str, ActionError] = {
    "detail": ActionError(403, detail="staff only"),
    "mapping": ActionError(422, errors={"email": "already taken", "address.city": ["unknown city", "second"]}),
    "list": ActionError(422, detail="Check the form.",
                        errors=[{"pointer": "/email", "detail": "taken"}, {"detail": "try again later"}]),
    "title": ActionError(409, title="Version conflict", detail="Reload and edit again."),
    "positional": ActionError(410, {"detail": "gone for good", "hint": "see the archive"}),
    "server": ActionError(503, detail="secret internals"),
    "not_an_error": ActionError(302, detail="elsewhere"),
    "unjsonable": ActionError(409, {"detail": "x", "extra": {1, 2}}),
}


@action
def fail(payload: Which) -> None:
    raise RAISED[payload.kind]


@action
async def fail_async(payload: Which) -> None:
    raise RAISED[payload.kind]


@action
def django_error(payload: Which) -> None:
    from django.core import exceptions
    from django.http import Http404

    if payload.kind == "permission":
        raise exceptions.PermissionDenied("internal: user 7 lacks perm todo.change")
    if payload.kind == "http404":
        raise Http404("No Todo matches the given query.")
    if payload.kind == "does_not_exist":
        raise exceptions.ObjectDoesNotExist("Todo matching query does not exist.")
    if payload.kind == "fields":
        raise exceptions.ValidationError({
            "email": ["Enter a valid email address.", "second message"],
            "__all__": ["Passwords do not match."],
        })
    if payload.kind == "list":
        raise exceptions.ValidationError(["First problem.", exceptions.ValidationError("Second %(n)s.", params={"n": 2})])
    if payload.kind == "single":
        raise exceptions.ValidationError("Ends before it starts (%(value)s).", params={"value": "x"})
    raise exceptions.SuspiciousOperation("not mapped")


@action
async def starlette_error(payload: Which) -> None:
    from starlette.exceptions import HTTPException

    if payload.kind == "401":
        raise HTTPException(401, detail="Log in first.", headers={"WWW-Authenticate": "Bearer", "Cache-Control": "max-age=9"})
    if payload.kind == "418":
        raise HTTPException(418)  # the default detail is the reason phrase: no detail member
    raise HTTPException(503, detail="database down")


@action
def validated(payload: Signup) -> str:
    return payload.title


@action
def plain_bug(payload: Which) -> Literal["never"]:
    raise KeyError("secret key name")
