"""System checks (``manage.py check``): mistakes that would otherwise show up as a page that never hydrates.

==========================  =====================================================================
``pickle_reactor.E001``     a module in ``PICKLE_REACTOR["components"]`` cannot be imported
``pickle_reactor.E002``     a module in ``PICKLE_REACTOR["actions"]`` cannot be imported
``pickle_reactor.E003``     ``PICKLE_REACTOR`` is not a dict or has a key ``Reactor`` does not take
``pickle_reactor.E004``     our middleware is listed before GZip or the CSP middleware (it must run inside them)
``pickle_reactor.E005``     the browser cannot read the CSRF token (cookie name, HttpOnly, sessions, header)
``pickle_reactor.E006``     the Reactor cannot serve pages (e.g. ``pyodide="local"`` and no local copy)
``pickle_reactor.E007``     a component module imports what cannot run in the browser, or a bad ``client_packages``
``pickle_reactor.W001``     the CSP configured for Django's/django-csp's middleware blocks Pyodide
``pickle_reactor.W002``     our middleware is not in ``MIDDLEWARE`` (islands render but never hydrate)
``pickle_reactor.W003``     ``pickle_reactor.contrib.django.urls`` is not included and no prefix is set
``pickle_reactor.W004``     our middleware is listed before ``CsrfViewMiddleware`` (no CSRF cookie from it)
``pickle_reactor.W005``     a component module imports an action module that ``PICKLE_REACTOR["actions"]`` lacks
``pickle_reactor.W006``     that CSP limits Trusted Types policies without naming ``pickle-reactor``
==========================  =====================================================================
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

from pickle_reactor.server.security import TRUSTED_TYPES_POLICY

from . import conf
from .middleware import CSP_MIDDLEWARES, csp_middlewares

MIDDLEWARE = "pickle_reactor.contrib.django.middleware.PickleReactorMiddleware"
GZIP = "django.middleware.gzip.GZipMiddleware"
CSRF = "django.middleware.csrf.CsrfViewMiddleware"
# Sources that let Pyodide compile WebAssembly ('unsafe-eval' allows it too, but we never suggest it).
_WASM_OK = {"'wasm-unsafe-eval'", "'unsafe-eval'"}


@checks.register(checks.Tags.compatibility)
def check_settings(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    try:
        options = conf.user_settings()
    except ImproperlyConfigured as exc:
        return [checks.Error(str(exc), id="pickle_reactor.E003")]
    messages: list[checks.CheckMessage] = []
    messages += _unknown_keys(options)
    for key, check_id in (("components", "pickle_reactor.E001"), ("actions", "pickle_reactor.E002")):
        messages += _unimportable(key, options.get(key, ()), check_id)
    if not messages:
        messages += _reactor_problems()
    return messages


def _reactor_problems() -> list[checks.CheckMessage]:
    from pickle_reactor.server.bundle import BundleError

    try:
        reactor = conf.get_reactor()
    except ImproperlyConfigured:
        return []  # no URL prefix yet: W003 says so
    except BundleError as exc:  # the Reactor refuses to start: each import chain, with its fix
        return [checks.Error(problem, hint=_BUNDLE_HINT, id="pickle_reactor.E007") for problem in exc.problems]
    except Exception as exc:  # noqa: BLE001  (a bad value: Reactor names the option)
        return [checks.Error(f"settings.PICKLE_REACTOR: {exc}", id="pickle_reactor.E003")]
    shipping = reactor.bundle_problems()
    return [
        *(checks.Error(problem, hint=_BUNDLE_HINT, id="pickle_reactor.E007") for problem in shipping),
        *(checks.Error(problem, id="pickle_reactor.E006") for problem in reactor.check() if problem not in shipping),
        *(checks.Warning(warning, hint=_BUNDLE_HINT, id="pickle_reactor.W005") for warning in reactor.bundle_warnings()),
    ]


_BUNDLE_HINT = "See docs/bundle.md: what ships to the browser, and PICKLE_REACTOR['client_packages']."


@checks.register(checks.Tags.compatibility)
def check_middleware(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    stack = list(settings.MIDDLEWARE)
    if MIDDLEWARE not in stack:
        return [checks.Warning(
            f"{MIDDLEWARE} is not in MIDDLEWARE: islands are server-rendered but never hydrate.",
            hint=f"Add {MIDDLEWARE!r} to MIDDLEWARE (after GZipMiddleware and any CSP middleware).",
            id="pickle_reactor.W002",
        )]
    ours = stack.index(MIDDLEWARE)
    messages: list[checks.CheckMessage] = []
    for outer, why in ((GZIP, "it would see compressed pages and leave them without the bootstrap"),
                       *((entry, "the nonce on our script would be missing from the CSP header")
                         for entry, _ in csp_middlewares(stack))):
        if outer in stack and stack.index(outer) > ours:
            messages.append(checks.Error(
                f"{MIDDLEWARE} is listed before {outer}: {why}.",
                hint=f"Move it below {outer.rsplit('.', 1)[-1]} in MIDDLEWARE.",
                id="pickle_reactor.E004",
            ))
    if CSRF in stack and stack.index(CSRF) > ours:
        messages.append(checks.Warning(
            f"{MIDDLEWARE} is listed before CsrfViewMiddleware, so the CSRF cookie it asks for on pages "
            f"with islands is never set; actions then fail with 403 unless the page rendered a form.",
            hint="Move it below CsrfViewMiddleware in MIDDLEWARE.",
            id="pickle_reactor.W004",
        ))
    return messages


@checks.register(checks.Tags.security)
def check_csrf(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """The browser runtime sends the ``csrftoken`` cookie's value as ``X-CSRFToken``."""
    problems = []
    if settings.CSRF_USE_SESSIONS:
        problems.append("CSRF_USE_SESSIONS is True (the token is not in a cookie)")
    if settings.CSRF_COOKIE_HTTPONLY:
        problems.append("CSRF_COOKIE_HTTPONLY is True (scripts cannot read the cookie)")
    if settings.CSRF_COOKIE_NAME != "csrftoken":
        problems.append(f"CSRF_COOKIE_NAME is {settings.CSRF_COOKIE_NAME!r}, not 'csrftoken'")
    if settings.CSRF_HEADER_NAME != "HTTP_X_CSRFTOKEN":
        problems.append(f"CSRF_HEADER_NAME is {settings.CSRF_HEADER_NAME!r}, not 'HTTP_X_CSRFTOKEN'")
    if not problems:
        return []
    return [checks.Error(
        "pickle-reactor actions send the 'csrftoken' cookie's value as X-CSRFToken, but " + "; ".join(problems)
        + ": every action call would be rejected with 403.",
        hint="Keep Django's CSRF defaults for these settings.",
        id="pickle_reactor.E005",
    )]


@checks.register(checks.Tags.urls)
def check_urls(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    try:
        options = conf.user_settings()
    except ImproperlyConfigured:
        return []  # reported by check_settings
    if "prefix" in options or conf.url_prefix() is not None:
        return []
    return [checks.Warning(
        "pickle_reactor.contrib.django.urls is not included in the URLconf: the client assets and the "
        "actions have no URL.",
        hint="urlpatterns += [path('_reactor/', include('pickle_reactor.contrib.django.urls'))]",
        id="pickle_reactor.W003",
    )]


@checks.register(checks.Tags.security)
def check_csp(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """Warn when the policy that Django's or django-csp's middleware sends would stop Pyodide."""
    stack = list(settings.MIDDLEWARE)
    messages: list[checks.CheckMessage] = []
    for setting, policy, empty_omitted in _configured_policies(stack):
        sources = _script_sources(policy, empty_omitted)
        if sources is not None and not (_WASM_OK & {str(s).strip().lower() for s in sources}):
            messages.append(checks.Warning(
                f"settings.{setting} restricts scripts without 'wasm-unsafe-eval': Pyodide cannot compile "
                f"its WebAssembly, so islands never hydrate.",
                hint="Add \"'wasm-unsafe-eval'\" to its script-src (or default-src) directive.",
                id="pickle_reactor.W001",
            ))
        names = _trusted_types(policy)
        if names is not None and not names & {TRUSTED_TYPES_POLICY, "*"}:
            messages.append(checks.Warning(
                f"settings.{setting} has a trusted-types directive without {TRUSTED_TYPES_POLICY!r}: the "
                "browser refuses the policy pickle-reactor creates for trusted Markup, so islands that render "
                "Markup, and client navigation, fail.",
                hint=f"Add \"{TRUSTED_TYPES_POLICY}\" to its trusted-types directive.",
                id="pickle_reactor.W006",
            ))
    return messages


def _trusted_types(policy: Mapping[str, Any]) -> set[str] | None:
    """The policy names a ``trusted-types`` directive allows (lower-cased), or None when it is absent."""
    value = policy.get("trusted-types")
    if value is None or value is False:
        return None
    if value is True:
        return set()  # the directive alone: no policy may be created
    items = value.split() if isinstance(value, str) else list(value)
    return {str(item).strip().lower() for item in items}


def _configured_policies(stack: list[str]) -> Iterable[tuple[str, Mapping[str, Any], bool]]:
    """(setting name, {directive: sources}, whether an empty directive is left out of the header) for each
    policy a CSP middleware in ``stack`` will send."""
    kinds = {name for _, name in csp_middlewares(stack)}
    if CSP_MIDDLEWARES[0] in kinds:  # Django 6: SECURE_CSP = {"script-src": [CSP.SELF, ...]}
        for name in ("SECURE_CSP", "SECURE_CSP_REPORT_ONLY"):
            policy = getattr(settings, name, None)
            if isinstance(policy, Mapping) and policy:
                yield name, policy, True
    if CSP_MIDDLEWARES[1] in kinds:  # django-csp 4: CONTENT_SECURITY_POLICY = {"DIRECTIVES": {...}}
        for name in ("CONTENT_SECURITY_POLICY", "CONTENT_SECURITY_POLICY_REPORT_ONLY"):
            config = getattr(settings, name, None)
            if isinstance(config, Mapping) and isinstance(config.get("DIRECTIVES"), Mapping):
                yield f"{name}['DIRECTIVES']", config["DIRECTIVES"], False


def _script_sources(policy: Mapping[str, Any], empty_omitted: bool) -> list[Any] | None:
    """The sources governing classic and module scripts, or None when scripts are unrestricted.

    Django 6 and django-csp leave a directive whose value is None or False out of the header, so the
    browser falls back to the next one; Django 6 also drops an empty list (django-csp sends it with no
    sources, which blocks every script). True is a directive with no sources.
    """
    for directive in ("script-src-elem", "script-src", "default-src"):
        value = policy.get(directive)
        if value is None or value is False:
            continue
        if value is True:
            return []
        sources = [value] if isinstance(value, str) else list(value)
        if sources or not empty_omitted:
            return sources
    return None


def _unknown_keys(options: Mapping[str, Any]) -> list[checks.CheckMessage]:
    try:
        from pickle_reactor.reactor import Reactor
    except ImportError as exc:
        return [checks.Error(f"pickle_reactor.reactor cannot be imported: {exc}", id="pickle_reactor.E003")]
    params = inspect.signature(Reactor).parameters
    if any(p.kind is p.VAR_KEYWORD for p in params.values()):
        return []
    unknown = sorted(set(options) - set(params))
    if not unknown:
        return []
    return [checks.Error(
        f"settings.PICKLE_REACTOR has keys Reactor does not take: {', '.join(map(repr, unknown))}.",
        hint=f"Valid keys: {', '.join(sorted(params))}.",
        id="pickle_reactor.E003",
    )]


def _unimportable(key: str, modules: Any, check_id: str) -> list[checks.CheckMessage]:
    if isinstance(modules, str):
        modules = [modules]
    messages: list[checks.CheckMessage] = []
    for module in modules:
        try:
            importlib.import_module(module)
        except Exception as exc:  # noqa: BLE001  (any import-time failure hides the module)
            messages.append(checks.Error(
                f"settings.PICKLE_REACTOR[{key!r}] names {module!r}, which cannot be imported: "
                f"{type(exc).__name__}: {exc}",
                hint="Use the dotted path of a module, e.g. 'myapp.components'.",
                id=check_id,
            ))
    return messages
