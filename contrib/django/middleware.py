"""``PickleReactorMiddleware`` for Django: adds the bootstrap to pages that contain an island.

Works in sync (WSGI) and async (ASGI) stacks. The response is rewritten only when it is a complete 200
``text/html`` UTF-8 page without ``Content-Encoding`` that contains ``<pr-island`` (any page with a ``</body>`` under ``navigation=True``): the bootstrap tags go
before the last ``</body>``, ``Content-Length`` is fixed and ``ETag`` dropped, and the CSRF cookie is
ensured (the island's actions send ``X-CSRFToken``).

CSP: when Django's ``ContentSecurityPolicyMiddleware`` (Django 6) or django-csp's ``CSPMiddleware`` (or a
subclass of either) is installed, that middleware owns the header: ours never sets or edits it, puts the request's nonce on our
tags, and the system check ``pickle_reactor.W001`` warns when the configured policy would block Pyodide.
Otherwise a policy the view set is edited in place and a page without one gets the Reactor's default
policy, exactly as the ASGI middleware does (the same ``pickle_reactor.server.security`` functions).
List it after ``GZipMiddleware``, ``CsrfViewMiddleware`` and the CSP middleware.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any

from asgiref.sync import iscoroutinefunction, markcoroutinefunction

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.middleware.csrf import get_token
from django.utils.module_loading import import_string
from pickle_reactor.core.store import request_scope
from pickle_reactor.server.security import (
    find_nonce,
    merge_header,
    needs_nonce,
    parse_policies,
)

from .conf import get_reactor

__all__ = ["CSP_MIDDLEWARES", "PickleReactorMiddleware", "csp_middleware_in_use", "csp_middlewares", "request_nonce"]

ISLAND_MARKER = b"<pr-island"
CSP_MIDDLEWARES = ("django.middleware.csp.ContentSecurityPolicyMiddleware", "csp.middleware.CSPMiddleware")
_CSP_HEADERS = ("Content-Security-Policy", "Content-Security-Policy-Report-Only")


def csp_middleware_in_use() -> bool:
    """Whether Django's or django-csp's middleware (or a subclass) sets the CSP header in this project."""
    return bool(csp_middlewares(settings.MIDDLEWARE))


def csp_middlewares(stack: Iterable[str]) -> list[tuple[str, str]]:
    """``(entry as listed, the CSP_MIDDLEWARES name it is or subclasses)`` for each CSP middleware in ``stack``.

    A subclass counts: missing one would make us add our default policy, which Django's middleware then
    refuses to overwrite, silently replacing the project's ``SECURE_CSP``.
    """
    return list(_csp_middlewares(tuple(stack)))


@lru_cache(maxsize=16)
def _csp_middlewares(stack: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    found = []
    for entry in stack:
        if entry in CSP_MIDDLEWARES:
            found.append((entry, entry))
            continue
        try:
            cls = import_string(entry)
        except ImportError:
            continue  # Django reports a bad MIDDLEWARE entry itself, at start-up
        for name in CSP_MIDDLEWARES:
            base = _import_or_none(name)
            if isinstance(cls, type) and base is not None and issubclass(cls, base):
                found.append((entry, name))
                break
    return tuple(found)


def _import_or_none(name: str) -> Any:
    """The class at ``name``, or None when its package is absent (django.middleware.csp before Django 6)."""
    try:
        return import_string(name)
    except ImportError:
        return None


def request_nonce(request: HttpRequest) -> str | None:
    """The nonce Django 6 or django-csp made for this request; reading it puts it in their header."""
    nonce = getattr(request, "_csp_nonce", None)  # Django 6: django.middleware.csp.get_nonce(request)
    if nonce is None:
        nonce = getattr(request, "csp_nonce", None)  # django-csp
    return str(nonce) if nonce is not None else None


class PickleReactorMiddleware:
    """Sync and async capable; all the work is a pure function of (request, response)."""

    sync_capable = True
    async_capable = True

    def __init__(self, get_response: Callable[[HttpRequest], Any]) -> None:
        self.get_response = get_response
        self.is_async = iscoroutinefunction(get_response)
        if self.is_async:
            markcoroutinefunction(self)

    def __call__(self, request: HttpRequest) -> Any:
        if self.is_async:
            return self.__acall__(request)
        with request_scope():  # this request's store values (reactor.provide), seen by nothing else
            return self.process(request, self.get_response(request))

    async def __acall__(self, request: HttpRequest) -> HttpResponseBase:
        with request_scope():
            response = await self.get_response(request)
        return self.process(request, response)

    def process(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        """Insert the bootstrap into a page with islands; anything else is returned untouched."""
        if not _rewritable(response):
            return response
        body: bytes = response.content  # type: ignore[attr-defined]
        reactor = get_reactor()
        islands = ISLAND_MARKER in body
        if not islands and not (reactor.navigation and b"</body" in body.lower()):
            return response
        get_token(request)  # make sure the CSRF cookie is set on this page
        if csp_middleware_in_use():
            nonce = request_nonce(request)
        else:
            nonce = _merge_csp(response, reactor)
        tag = reactor.bootstrap_html(nonce, islands=islands, user_agent=request.headers.get("User-Agent")).encode("utf-8")
        end = body.lower().rfind(b"</body")
        response.content = body + tag if end < 0 else body[:end] + tag + body[end:]  # type: ignore[attr-defined]
        if response.has_header("Content-Length"):
            response.headers["Content-Length"] = str(len(response.content))  # type: ignore[attr-defined]
        if response.has_header("ETag"):
            del response.headers["ETag"]
        return response


def _rewritable(response: HttpResponseBase) -> bool:
    if response.status_code != 200 or response.streaming:
        return False
    if response.get("Content-Encoding", "identity").strip().lower() not in ("", "identity"):
        return False
    media_type, _, params = response.get("Content-Type", "").lower().partition(";")
    charset = params.partition("charset=")[2].strip().strip('"')
    return media_type.strip() == "text/html" and charset in ("", "utf-8", "utf8")


def _merge_csp(response: HttpResponseBase, reactor: Any) -> str | None:
    """Edit the view's CSP headers in place, or add the default policy; returns the nonce for our tags."""
    present = [name for name in _CSP_HEADERS if response.has_header(name)]
    additions = reactor.csp_additions()
    if not present:
        if reactor.default_csp is not None:
            response.headers["Content-Security-Policy"] = merge_header(reactor.default_csp, additions)
        return None
    policies = {name: parse_policies(response[name]) for name in present}
    nonce = find_nonce(policies.get(_CSP_HEADERS[0], ())) or find_nonce(policies.get(_CSP_HEADERS[1], ()))
    if nonce is None and any(needs_nonce(p) for ps in policies.values() for p in ps):
        nonce = secrets.token_urlsafe(18)  # 'strict-dynamic' without a nonce: only ours can admit our script
    for name in present:
        response.headers[name] = merge_header(response[name], additions, nonce)
    return nonce

