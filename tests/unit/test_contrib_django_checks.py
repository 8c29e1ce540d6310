"""The Django adapter's system checks: each id fires on its mistake and stays quiet otherwise."""

from __future__ import annotations

import contrib_django_setup  # noqa: F401  (configures Django first)
import pytest
from contrib_django_setup import CSRF, DJANGO_CSP, GZIP, OURS, REACTOR_SETTINGS
from django.core import checks
from django.test import override_settings


def our_ids() -> list[str]:
    return sorted(m.id for m in checks.run_checks() if (m.id or "").startswith("pickle_reactor."))


def test_a_correct_project_has_no_findings() -> None:
    assert our_ids() == []


@override_settings(PICKLE_REACTOR={**REACTOR_SETTINGS, "components": ["contrib_components", "no_such_module"]})
def test_e001_unimportable_component_module() -> None:
    messages = [m for m in checks.run_checks() if m.id == "pickle_reactor.E001"]
    assert len(messages) == 1 and "'no_such_module'" in messages[0].msg


@override_settings(PICKLE_REACTOR={**REACTOR_SETTINGS, "actions": ["contrib_actions", "nope.actions"]})
def test_e002_unimportable_action_module() -> None:
    assert our_ids() == ["pickle_reactor.E002"]


@pytest.mark.parametrize("value", [["x"], {"components": [], "componets": ["x"]}])
def test_e003_setting_not_a_dict_or_with_an_unknown_key(value: object) -> None:
    with override_settings(PICKLE_REACTOR=value):
        messages = [m for m in checks.run_checks() if m.id == "pickle_reactor.E003"]
    assert messages
    if isinstance(value, dict):
        assert "'componets'" in messages[0].msg and "components" in (messages[0].hint or "")


@pytest.mark.parametrize("stack", [[CSRF, OURS, GZIP], [GZIP, CSRF, OURS, DJANGO_CSP]])
def test_e004_our_middleware_outside_gzip_or_the_csp_middleware(stack: list[str]) -> None:
    with override_settings(MIDDLEWARE=stack):
        assert "pickle_reactor.E004" in our_ids()


@pytest.mark.parametrize(
    "overrides",
    [{"CSRF_COOKIE_HTTPONLY": True}, {"CSRF_USE_SESSIONS": True}, {"CSRF_COOKIE_NAME": "token"},
     {"CSRF_HEADER_NAME": "HTTP_X_XSRF_TOKEN"}],
)
def test_e005_csrf_token_the_browser_cannot_send(overrides: dict[str, object]) -> None:
    with override_settings(**overrides):
        assert our_ids() == ["pickle_reactor.E005"]


@override_settings(PICKLE_REACTOR={**REACTOR_SETTINGS, "pyodide_dir": "/nonexistent/pyodide"})
def test_e006_local_pyodide_missing_says_how_to_fetch_it() -> None:
    messages = [m for m in checks.run_checks() if m.id == "pickle_reactor.E006"]
    assert len(messages) == 1 and "pyodide fetch" in messages[0].msg


@override_settings(MIDDLEWARE=[GZIP, CSRF, DJANGO_CSP, OURS],
                   CONTENT_SECURITY_POLICY={"DIRECTIVES": {"default-src": ["'self'"]}})
def test_w001_django_csp_policy_without_wasm_unsafe_eval() -> None:
    assert our_ids() == ["pickle_reactor.W001"]


@override_settings(MIDDLEWARE=[GZIP, CSRF, DJANGO_CSP, OURS],
                   CONTENT_SECURITY_POLICY={"DIRECTIVES": {"default-src": ["'self'"],
                                                           "script-src": ["'self'", "'wasm-unsafe-eval'"]}})
def test_w001_quiet_when_script_src_allows_wasm() -> None:
    assert our_ids() == []


WASM_OK = {"default-src": ["'self'"], "script-src": ["'self'", "'wasm-unsafe-eval'"]}


@pytest.mark.parametrize(("names", "warns"), [
    (["app-policy"], True), (["'none'"], True), (True, True), (["app-policy", "pickle-reactor"], False),
    (["*"], False), (None, False),
])
def test_w006_django_csp_trusted_types_without_our_policy(names: object, warns: bool) -> None:
    directives = {**WASM_OK, "require-trusted-types-for": ["'script'"], "trusted-types": names}
    with override_settings(MIDDLEWARE=[GZIP, CSRF, DJANGO_CSP, OURS],
                           CONTENT_SECURITY_POLICY={"DIRECTIVES": directives}):
        assert our_ids() == (["pickle_reactor.W006"] if warns else [])


@override_settings(MIDDLEWARE=[GZIP, CSRF, OURS], SECURE_CSP={"script-src": ["'self'"]})
def test_w001_ignores_django6_settings_when_its_middleware_is_not_installed() -> None:
    assert our_ids() == []


@override_settings(MIDDLEWARE=[GZIP, CSRF, "django.middleware.csp.ContentSecurityPolicyMiddleware", OURS],
                   SECURE_CSP={"default-src": ["'self'"], "script-src-elem": ["'self'"]})
def test_w001_reads_django6_secure_csp() -> None:
    assert "pickle_reactor.W001" in our_ids()


@override_settings(MIDDLEWARE=[GZIP, CSRF])
def test_w002_middleware_not_installed() -> None:
    assert our_ids() == ["pickle_reactor.W002"]


@override_settings(ROOT_URLCONF="contrib_django_urls_without_reactor")
def test_w003_urls_not_included() -> None:
    assert our_ids() == ["pickle_reactor.W003"]


@override_settings(MIDDLEWARE=[GZIP, OURS, CSRF])
def test_w004_our_middleware_before_csrf() -> None:
    assert our_ids() == ["pickle_reactor.W004"]


@override_settings(PICKLE_REACTOR={**REACTOR_SETTINGS, "components": ["contrib_components", "pr_discovery_app.bad_compiled"]})
def test_e007_a_component_import_that_cannot_run_in_the_browser_names_the_chain() -> None:
    messages = [m for m in checks.run_checks() if m.id == "pickle_reactor.E007"]
    assert len(messages) == 1
    assert "pr_discovery_app.bad_compiled imports brotli (via pr_discovery_app.compiled_mid)" in messages[0].msg
    assert "if TYPE_CHECKING" in messages[0].msg


@override_settings(PICKLE_REACTOR={**REACTOR_SETTINGS, "client_packages": ["no-such-distribution-xyz"]})
def test_e007_client_packages_that_is_not_installed() -> None:
    messages = [m for m in checks.run_checks() if m.id == "pickle_reactor.E007"]
    assert len(messages) == 1 and "not installed" in messages[0].msg


@override_settings(PICKLE_REACTOR={**REACTOR_SETTINGS, "client_packages": ["humanize"]})
def test_client_packages_setting_reaches_the_reactor() -> None:
    from pickle_reactor.contrib.django import conf

    assert our_ids() == []
    assert conf.get_reactor().client_packages == ("humanize",)


@override_settings(PICKLE_REACTOR={**REACTOR_SETTINGS, "components": ["contrib_components", "pr_discovery_app.bad_unlisted_action"]})
def test_w005_an_imported_action_module_that_is_not_listed() -> None:
    assert our_ids() == ["pickle_reactor.W005"]
