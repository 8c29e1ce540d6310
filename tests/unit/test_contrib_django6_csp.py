"""The Django adapter under Django 6's built-in CSP (``django.middleware.csp``), through the test client.

Django 6 needs Python >= 3.12, so these run in the second venv (``make test-django6``) and skip in a
venv with an older Django. Django's middleware owns the header: ours must never set or edit it, and
must put exactly the nonce Django writes into the header on every bootstrap tag.
"""

from __future__ import annotations

import asyncio
import re

import pytest

django = pytest.importorskip("django", reason="Django is not installed; run `make test-django6`")
if django.VERSION < (6, 0):
    pytest.skip(f"needs Django >= 6 (this venv has {django.get_version()}); run `make test-django6`",
                allow_module_level=True)

import contrib_django_setup  # noqa: F401  (configures Django before anything below imports it)
from contrib_django_setup import CSRF, GZIP, OURS
from contrib_django_urls import PAGE
from contrib_django_urls import urlpatterns as base_urlpatterns
from django.core import checks
from django.http import HttpRequest, HttpResponse
from django.middleware.csp import ContentSecurityPolicyMiddleware
from django.template import engines
from django.test import AsyncClient, Client, override_settings
from django.urls import path
from django.utils.csp import CSP
from django.views.decorators.csp import csp_override
from pickle_reactor.contrib.django.conf import get_reactor

DJANGO_CSP = "django.middleware.csp.ContentSecurityPolicyMiddleware"
STACK = [GZIP, CSRF, DJANGO_CSP, OURS]
POLICY = {"default-src": [CSP.SELF], "script-src": [CSP.SELF, CSP.WASM_UNSAFE_EVAL, CSP.NONCE]}
EXPECTED = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'nonce-{}'"
ENFORCE, REPORT_ONLY = "Content-Security-Policy", "Content-Security-Policy-Report-Only"
NONCE_ATTR = re.compile(r' nonce="([^"]*)"')


class SubclassedCSPMiddleware(ContentSecurityPolicyMiddleware):
    """A project's own subclass of Django's CSP middleware (listed by its own dotted path)."""


# -- a URLconf of our own: the adapter's test pages, a template using Django's csp_nonce, own headers ---


def nonce_template_page(request: HttpRequest) -> HttpResponse:
    """The app's own inline script reads ``csp_nonce`` from the template context (Django's context processor)."""
    template = engines["django"].from_string(PAGE.format(
        '{% load pickle_reactor %}<script id="app" nonce="{{ csp_nonce }}">1</script>{% component "Greeting" %}'
    ))
    return HttpResponse(template.render({}, request))


def own_header_page(request: HttpRequest) -> HttpResponse:
    """A view that sets the enforced header itself: Django's middleware then leaves it alone, and so must we."""
    template = engines["django"].from_string(PAGE.format('{% load pickle_reactor %}{% component "Greeting" %}'))
    response = HttpResponse(template.render({}, request))
    response[ENFORCE] = "script-src 'self' 'nonce-viewsown'"
    return response


@csp_override({})
def csp_off_page(request: HttpRequest) -> HttpResponse:
    """Django 6's per-view switch: no enforced policy on this page."""
    template = engines["django"].from_string(PAGE.format('{% load pickle_reactor %}{% component "Greeting" %}'))
    return HttpResponse(template.render({}, request))


urlpatterns = [
    path("nonce-template/", nonce_template_page),
    path("own-header/", own_header_page),
    path("csp-off/", csp_off_page),
    *base_urlpatterns,
]

TEMPLATES_WITH_CSP_CONTEXT = [{
    "BACKEND": "django.template.backends.django.DjangoTemplates",
    "APP_DIRS": True,
    "OPTIONS": {"context_processors": ["django.template.context_processors.request",
                                       "django.template.context_processors.csp"]},
}]


def header_nonce(value: str) -> str:
    match = re.search(r"'nonce-([^']+)'", value)
    assert match, f"no nonce in {value!r}"
    return match.group(1)


def bootstrap_nonces(body: str) -> list[str]:
    """The nonce attribute of every tag the middleware inserted (they all sit after </main>)."""
    inserted = body[body.rindex("</main>"):] if "</main>" in body else body[body.index("</pr-island>"):]
    return NONCE_ATTR.findall(inserted)


def tag_count() -> int:
    return get_reactor().bootstrap_html("x").count(' nonce="x"')


# -- (a) the header is Django's, byte for byte ---------------------------------------------------------


@override_settings(MIDDLEWARE=STACK, SECURE_CSP=POLICY)
def test_header_is_exactly_what_django_builds_and_our_tags_carry_its_nonce() -> None:
    response = Client().get("/island/")
    nonce = header_nonce(response[ENFORCE])
    assert response[ENFORCE] == EXPECTED.format(nonce)
    assert not response.has_header(REPORT_ONLY)
    body = response.content.decode()
    assert body.endswith(get_reactor().bootstrap_html(nonce) + "</body></html>")
    assert bootstrap_nonces(body) == [nonce] * tag_count()
    assert response["Content-Length"] == str(len(response.content))


@override_settings(MIDDLEWARE=STACK, SECURE_CSP={"default-src": [CSP.SELF], "script-src": [CSP.SELF, CSP.NONCE]})
def test_policy_without_wasm_is_not_edited_only_warned_about() -> None:
    response = Client().get("/island/")
    nonce = header_nonce(response[ENFORCE])
    assert response[ENFORCE] == f"default-src 'self'; script-src 'self' 'nonce-{nonce}'"  # no 'wasm-unsafe-eval'
    assert bootstrap_nonces(response.content.decode()) == [nonce] * tag_count()


@override_settings(MIDDLEWARE=STACK, SECURE_CSP={}, SECURE_CSP_REPORT_ONLY={})
def test_empty_django_settings_mean_no_header_and_ours_adds_none() -> None:
    response = Client().get("/island/")
    assert not response.has_header(ENFORCE) and not response.has_header(REPORT_ONLY)
    assert get_reactor().bootstrap_html(None) not in response.content.decode()  # the tags still get a nonce


@override_settings(MIDDLEWARE=STACK, SECURE_CSP=POLICY, ROOT_URLCONF=__name__)
def test_a_views_own_header_is_left_to_the_view() -> None:
    response = Client().get("/own-header/")
    assert response[ENFORCE] == "script-src 'self' 'nonce-viewsown'"


@override_settings(MIDDLEWARE=STACK, SECURE_CSP=POLICY, ROOT_URLCONF=__name__)
def test_csp_override_off_for_a_view_is_respected() -> None:
    response = Client().get("/csp-off/")
    assert not response.has_header(ENFORCE)
    assert "<script type=\"module\"" in response.content.decode()


@override_settings(MIDDLEWARE=STACK, SECURE_CSP=POLICY)
def test_page_without_islands_does_not_make_django_mint_a_nonce() -> None:
    response = Client().get("/plain/")
    assert response[ENFORCE] == "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'"


@override_settings(MIDDLEWARE=[GZIP, CSRF, f"{__name__}.SubclassedCSPMiddleware", OURS], SECURE_CSP=POLICY)
def test_a_subclass_of_djangos_middleware_also_owns_the_header() -> None:
    response = Client().get("/island/")
    nonce = header_nonce(response[ENFORCE])
    assert response[ENFORCE] == EXPECTED.format(nonce)  # not the Reactor's default policy
    assert bootstrap_nonces(response.content.decode()) == [nonce] * tag_count()


# -- (b) one nonce per request, shared with the app's own template and the async stack -----------------


@override_settings(MIDDLEWARE=STACK, SECURE_CSP=POLICY)
def test_every_request_gets_a_fresh_nonce() -> None:
    client = Client()
    first, second = (header_nonce(client.get("/island/")[ENFORCE]) for _ in range(2))
    assert first != second and len(first) >= 16


@override_settings(MIDDLEWARE=STACK, SECURE_CSP=POLICY, ROOT_URLCONF=__name__, TEMPLATES=TEMPLATES_WITH_CSP_CONTEXT)
def test_templates_csp_nonce_our_tags_and_the_header_agree() -> None:
    response = Client().get("/nonce-template/")
    nonce = header_nonce(response[ENFORCE])
    body = response.content.decode()
    assert f'<script id="app" nonce="{nonce}">' in body
    assert bootstrap_nonces(body) == [nonce] * tag_count()


@override_settings(MIDDLEWARE=STACK, SECURE_CSP=POLICY, SECURE_CSP_REPORT_ONLY=POLICY)
def test_async_stack_under_asgi_carries_the_same_nonce() -> None:
    async def fetch() -> object:
        return await AsyncClient().get("/island/")

    response = asyncio.run(fetch())
    nonce = header_nonce(response[ENFORCE])  # type: ignore[index]
    assert response[REPORT_ONLY] == EXPECTED.format(nonce)  # type: ignore[index]
    assert bootstrap_nonces(response.content.decode()) == [nonce] * tag_count()  # type: ignore[attr-defined]


# -- (d) report-only behaves the same ------------------------------------------------------------------


@override_settings(MIDDLEWARE=STACK, SECURE_CSP_REPORT_ONLY=POLICY)
def test_report_only_policy_is_djangos_and_our_tags_carry_its_nonce() -> None:
    response = Client().get("/island/")
    assert not response.has_header(ENFORCE)  # ours adds no enforced default next to a report-only policy
    nonce = header_nonce(response[REPORT_ONLY])
    assert response[REPORT_ONLY] == EXPECTED.format(nonce)
    assert bootstrap_nonces(response.content.decode()) == [nonce] * tag_count()


@override_settings(MIDDLEWARE=STACK, SECURE_CSP=POLICY, SECURE_CSP_REPORT_ONLY={"script-src": [CSP.SELF, CSP.NONCE]})
def test_both_headers_share_one_nonce() -> None:
    response = Client().get("/island/")
    nonce = header_nonce(response[ENFORCE])
    assert response[REPORT_ONLY] == f"script-src 'self' 'nonce-{nonce}'"
    assert bootstrap_nonces(response.content.decode()) == [nonce] * tag_count()


# -- (c) the system check reads SECURE_CSP / SECURE_CSP_REPORT_ONLY ------------------------------------


def w001() -> list[checks.CheckMessage]:
    return [m for m in checks.run_checks() if m.id == "pickle_reactor.W001"]


def our_ids() -> list[str]:
    return sorted(m.id for m in checks.run_checks() if (m.id or "").startswith("pickle_reactor."))


@pytest.mark.parametrize("setting", ["SECURE_CSP", "SECURE_CSP_REPORT_ONLY"])
@pytest.mark.parametrize(
    "policy",
    [
        {"default-src": [CSP.SELF]},
        {"default-src": [CSP.SELF, CSP.WASM_UNSAFE_EVAL], "script-src": [CSP.SELF, CSP.NONCE]},
        {"script-src": {CSP.SELF, CSP.NONCE}},
        {"script-src": CSP.SELF},
        {"script-src": [CSP.SELF, CSP.WASM_UNSAFE_EVAL], "script-src-elem": [CSP.SELF]},
    ],
)
def test_w001_warns_naming_the_setting_when_scripts_lack_wasm(setting: str, policy: dict[str, object]) -> None:
    with override_settings(MIDDLEWARE=STACK, **{setting: policy}):
        messages = w001()
        assert our_ids() == ["pickle_reactor.W001"]
    assert len(messages) == 1
    assert f"settings.{setting} " in messages[0].msg and "'wasm-unsafe-eval'" in (messages[0].hint or "")


@pytest.mark.parametrize("setting", ["SECURE_CSP", "SECURE_CSP_REPORT_ONLY"])
@pytest.mark.parametrize(
    "policy",
    [
        POLICY,
        {"default-src": [CSP.SELF, "'wasm-unsafe-eval'"]},
        {"script-src": {CSP.SELF, CSP.WASM_UNSAFE_EVAL, CSP.NONCE}},
        {"img-src": [CSP.SELF], "upgrade-insecure-requests": True},  # scripts unrestricted
        {"default-src": [CSP.SELF, CSP.WASM_UNSAFE_EVAL], "script-src": None},  # Django omits the directive
        {"default-src": [CSP.SELF, CSP.WASM_UNSAFE_EVAL], "script-src": []},
        {"default-src": [CSP.SELF, CSP.WASM_UNSAFE_EVAL], "script-src": False},
    ],
)
def test_w001_silent_when_the_policy_allows_wasm(setting: str, policy: dict[str, object]) -> None:
    with override_settings(MIDDLEWARE=STACK, **{setting: policy}):
        assert our_ids() == []


def test_w001_checks_each_setting_separately() -> None:
    with override_settings(MIDDLEWARE=STACK, SECURE_CSP=POLICY, SECURE_CSP_REPORT_ONLY={"script-src": [CSP.SELF]}):
        messages = w001()
    assert [m.msg.split()[0] for m in messages] == ["settings.SECURE_CSP_REPORT_ONLY"]


def test_w001_reads_settings_of_a_subclassed_django_middleware() -> None:
    stack = [GZIP, CSRF, f"{__name__}.SubclassedCSPMiddleware", OURS]
    with override_settings(MIDDLEWARE=stack, SECURE_CSP={"default-src": [CSP.SELF]}):
        assert our_ids() == ["pickle_reactor.W001"]


def test_e004_our_middleware_outside_djangos_csp_middleware() -> None:
    with override_settings(MIDDLEWARE=[GZIP, CSRF, OURS, DJANGO_CSP], SECURE_CSP=POLICY):
        messages = [m for m in checks.run_checks() if m.id == "pickle_reactor.E004"]
    assert len(messages) == 1 and DJANGO_CSP in messages[0].msg


@pytest.mark.parametrize(
    ("directives", "warns"),
    [
        ({"default-src": ["'self'", "'wasm-unsafe-eval'"], "script-src": None}, False),  # left out: default-src
        ({"default-src": ["'self'", "'wasm-unsafe-eval'"], "script-src": []}, True),  # sent empty: no scripts
    ],
)
def test_w001_follows_django_csp_where_it_differs_from_django(directives: dict[str, object], warns: bool) -> None:
    stack = [GZIP, CSRF, "csp.middleware.CSPMiddleware", OURS]
    with override_settings(MIDDLEWARE=stack, CONTENT_SECURITY_POLICY={"DIRECTIVES": directives}):
        assert our_ids() == (["pickle_reactor.W001"] if warns else [])
