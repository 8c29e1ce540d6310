"""Which exceptions raised in an action body reach the client, and as what problem.

::

    expected_problem(exc) -> Expected | None    # None: a bug, answered as a masked 500 (and logged)

- ``ActionError(status, detail=..., errors=..., title=...)`` with a 4xx status: that problem. Any other
  status is refused (a 5xx says "the server failed", which is what the masked 500 already says, and a
  2xx/3xx is not an error): ``RefusedStatus`` is returned so the dispatcher logs why.
- Django: ``PermissionDenied`` -> 403, ``Http404`` and ``ObjectDoesNotExist`` (``Model.DoesNotExist``)
  -> 404, with a fixed detail (their messages name models and queries, and Django's own error pages do
  not show them outside DEBUG either); ``ValidationError`` -> 422 with its messages, which are written
  for users (``message_dict`` -> one error per message with the field's pointer, ``__all__`` and a plain
  list -> errors without a pointer).
- Starlette/FastAPI: ``HTTPException`` with a 4xx ``status_code`` -> that status, its ``detail`` when it
  is a str (Starlette's own handler sends it too) and its ``headers`` (``WWW-Authenticate``, ``Retry-After``).

Host exception classes are looked up in ``sys.modules`` and never imported: an exception of a framework
can only have been raised if that framework's module was imported, so nothing is missed, and the
dispatcher stays free of any host framework. Mapping here rather than in each adapter keeps one rule for
every host: Starlette serves actions through ``reactor.app`` (there is no Starlette-side view to map
in), and a Django app may raise Starlette's exceptions or the reverse through shared code.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from http import HTTPStatus
from typing import Any, NamedTuple

from ...core.actions import ActionError, normalize_errors
from .problem import TITLES

__all__ = ["Expected", "RefusedStatus", "expected_problem", "reason_phrase"]

_PROTECTED = frozenset({"content-type", "content-length", "cache-control", "x-content-type-options"})


class Expected(NamedTuple):
    """An exception the client is meant to see: the problem's status, members and extra headers."""

    status: int
    problem: dict[str, Any]
    headers: Sequence[tuple[str, str]] = ()


class RefusedStatus(NamedTuple):
    """An ``ActionError`` (or ``HTTPException``) whose status is not 4xx: answered as a masked 500."""

    status: int
    reason: str


def reason_phrase(status: int) -> str:
    """The title of a status: the dispatcher's own (RFC 9110 wording), the standard phrase, or ``"Error"``."""
    if status in TITLES:
        return TITLES[status]
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def _is(exc: BaseException, module: str, name: str) -> bool:
    loaded = sys.modules.get(module)
    cls = getattr(loaded, name, None) if loaded is not None else None
    return isinstance(cls, type) and isinstance(exc, cls)


def _refused(status: int, kind: str) -> RefusedStatus:
    return RefusedStatus(status, f"{kind}({status}) raised: only 4xx statuses reach the client, so the call is "
                                 f"answered as a masked 500; raise a 4xx for an error the user can act on")


def expected_problem(exc: BaseException) -> Expected | RefusedStatus | None:
    """The problem ``exc`` stands for, ``RefusedStatus`` for a non-4xx one, or None for a plain bug."""
    if isinstance(exc, ActionError):
        if not 400 <= exc.status < 500:
            return _refused(exc.status, "ActionError")
        members = {k: v for k, v in exc.problem.items() if k not in ("status", "type", "title")}
        problem = {"type": exc.problem.get("type", "about:blank"),
                   "title": exc.title or reason_phrase(exc.status), "status": exc.status, **members}
        return Expected(exc.status, problem)
    if _is(exc, "django.core.exceptions", "PermissionDenied"):
        return Expected(403, _fixed(403, "You do not have permission to do this."))
    if _is(exc, "django.http.response", "Http404") or _is(exc, "django.core.exceptions", "ObjectDoesNotExist"):
        return Expected(404, _fixed(404, "Not found."))
    if _is(exc, "django.core.exceptions", "ValidationError"):
        return Expected(422, {**_fixed(422, "The data is invalid."), "errors": _django_messages(exc)})
    if _is(exc, "starlette.exceptions", "HTTPException"):
        status = getattr(exc, "status_code", 500)
        if not isinstance(status, int) or not 400 <= status < 500:
            return _refused(status, "HTTPException")
        problem = _fixed(status, None)
        detail = getattr(exc, "detail", None)
        if isinstance(detail, str) and detail and detail != reason_phrase(status):
            problem["detail"] = detail
        headers = [(str(k).lower(), str(v)) for k, v in (getattr(exc, "headers", None) or {}).items()
                   if str(k).lower() not in _PROTECTED]
        return Expected(status, problem, headers)
    return None


def _fixed(status: int, detail: str | None) -> dict[str, Any]:
    problem: dict[str, Any] = {"type": "about:blank", "title": reason_phrase(status), "status": status}
    if detail is not None:
        problem["detail"] = detail
    return problem


def _django_messages(exc: Any) -> list[dict[str, str]]:
    """A Django ``ValidationError``'s rendered messages as ``[{pointer?, detail}]``."""
    if hasattr(exc, "error_dict"):
        out: list[dict[str, str]] = []
        for field, messages in exc.message_dict.items():
            if field == "__all__":  # NON_FIELD_ERRORS
                out.extend({"detail": str(m)} for m in messages)
            else:
                out.extend(normalize_errors({field: [str(m) for m in messages]}))
        return out
    return [{"detail": str(m)} for m in exc.messages]
