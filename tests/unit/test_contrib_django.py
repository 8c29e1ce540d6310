"""The Django adapter through Django's test client: the tag, the middleware, the views, CSRF and CSP."""

from __future__ import annotations

import asyncio
import json
import re

import contrib_django_setup  # noqa: F401  (configures Django before anything below imports it)
import pytest
from contrib_django_setup import CSRF, DJANGO_CSP, GZIP, OURS, PYODIDE_DIR
from django.template import TemplateSyntaxError, engines
from django.test import AsyncClient, Client, RequestFactory, override_settings
from pickle_reactor.contrib.django.conf import get_reactor

from pickle_reactor.reactor import UnknownComponent

ACTION_URL = "/_reactor/actions/contrib_actions.shout"


def render(source: str, context: dict | None = None, request: object = None) -> str:
    return engines["django"].from_string("{% load pickle_reactor %}" + source).render(context or {}, request)


# -- the {% component %} tag ---------------------------------------------------------------------------


def test_tag_renders_an_island_with_keyword_props_from_template_variables() -> None:
    html = render('{% component "Greeting" name=who times=n %}', {"who": "Ada", "n": 3})
    assert html.startswith('<pr-island data-pr-component="contrib_components.Greeting">')
    props = re.search(r"data-pr-props>(.*?)</script>", html).group(1)  # type: ignore[union-attr]
    assert json.loads(props) == {"name": "Ada", "times": 3}
    assert '<p class="greeting">Hello Ada!!!</p>' in html


def test_tag_takes_literals_filters_and_a_variable_component_name() -> None:
    html = render('{% component which name="Bob"|upper times=2 %}', {"which": "Greeting"})
    assert "Hello BOB!!" in html


def test_tag_output_is_the_same_as_reactor_island() -> None:
    assert render('{% component "Greeting" name="x" %}') == str(get_reactor().island("Greeting", name="x"))


def test_tag_escapes_props_and_text() -> None:
    html = render('{% component "Greeting" name=evil %}', {"evil": "</script><script>alert(1)</script>"})
    assert "<script>alert(1)" not in html
    assert "&lt;/script&gt;" in html


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("{% component %}", "needs a component name"),
        ('{% component name="x" %}', "the first argument is the component name"),
        ('{% component "Greeting" "extra" %}', "props are keyword arguments"),
        ('{% component "Greeting" times=1 times=2 %}', "'times' is given twice"),
    ],
)
def test_tag_bad_syntax_is_a_clear_template_syntax_error(source: str, message: str) -> None:
    with pytest.raises(TemplateSyntaxError, match=message):
        render(source)


def test_tag_unknown_component_names_it_and_suggests() -> None:
    with pytest.raises(UnknownComponent, match=r"'Greting'.*did you mean 'Greeting'"):
        render('{% component "Greting" %}')


def test_tag_rejects_a_non_string_name() -> None:
    with pytest.raises(TemplateSyntaxError, match="non-empty string"):
        render("{% component missing %}")


# -- pages: bootstrap, CSRF cookie, CSP ----------------------------------------------------------------


def test_page_with_an_island_gets_the_bootstrap_before_body_end_and_a_csrf_cookie() -> None:
    response = Client().get("/island/")
    body = response.content.decode()
    bootstrap = get_reactor().bootstrap_html(None)
    assert body.endswith(bootstrap + "</body></html>")
    assert body.count("<script type=\"module\"") == 1
    assert response["Content-Length"] == str(len(response.content))
    assert not response.has_header("ETag")
    assert "csrftoken" in response.cookies


def test_page_without_islands_is_untouched() -> None:
    response = Client().get("/plain/")
    assert response.content == b"<!doctype html><html><body><p>no islands here</p></body></html>"
    assert not response.has_header("Content-Security-Policy")
    assert "csrftoken" not in response.cookies


def test_non_html_response_is_untouched_even_with_the_marker() -> None:
    assert Client().get("/json/").content == b'{"html": "<pr-island"}'


def test_page_without_a_policy_gets_the_reactor_default_csp() -> None:
    response = Client().get("/island/")
    policy = response["Content-Security-Policy"]
    assert policy == get_reactor().default_csp
    assert "'wasm-unsafe-eval'" in policy and "'unsafe-inline'" not in policy


def test_a_views_own_policy_is_merged_and_its_nonce_reused() -> None:
    response = Client().get("/own-csp/")
    policy = response["Content-Security-Policy"]
    assert policy.startswith("default-src 'self'; script-src 'self' 'nonce-abc123' 'strict-dynamic'")
    assert "'wasm-unsafe-eval'" in policy
    assert 'nonce="abc123"' in response.content.decode()


def test_gzip_outside_compresses_the_page_after_the_bootstrap_went_in() -> None:
    import gzip

    response = Client().get("/island/", HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    assert get_reactor().bootstrap_html(None).encode() in gzip.decompress(response.content)


def test_async_stack_under_asgi_injects_the_same_bootstrap() -> None:
    async def fetch() -> object:
        return await AsyncClient().get("/island/")

    response = asyncio.run(fetch())
    assert get_reactor().bootstrap_html(None) in response.content.decode()  # type: ignore[attr-defined]


def test_middleware_is_sync_and_async_capable() -> None:
    from asgiref.sync import iscoroutinefunction
    from pickle_reactor.contrib.django.middleware import PickleReactorMiddleware

    async def get_response(request: object) -> object:
        raise AssertionError("not called")

    assert iscoroutinefunction(PickleReactorMiddleware(get_response))
    assert not iscoroutinefunction(PickleReactorMiddleware(lambda request: None))


# -- Django's CSP middleware (django-csp) owns the header ----------------------------------------------

from csp.constants import NONCE, SELF

DJANGO_CSP_POLICY = {"DIRECTIVES": {"default-src": [SELF], "script-src": [SELF, "'wasm-unsafe-eval'", NONCE]}}


@override_settings(MIDDLEWARE=[GZIP, CSRF, DJANGO_CSP, OURS], CONTENT_SECURITY_POLICY=DJANGO_CSP_POLICY)
def test_with_django_csp_the_header_is_theirs_and_our_tag_carries_their_nonce() -> None:
    response = Client().get("/island/")
    policy = response["Content-Security-Policy"]
    nonce = re.search(r"'nonce-([^']+)'", policy).group(1)  # type: ignore[union-attr]
    directives = sorted(part.strip() for part in policy.split(";"))  # django-csp's own directive order
    assert directives == ["default-src 'self'", f"script-src 'self' 'wasm-unsafe-eval' 'nonce-{nonce}'"]
    assert f'nonce="{nonce}"' in response.content.decode()


@override_settings(MIDDLEWARE=[GZIP, CSRF, DJANGO_CSP, OURS],
                   CONTENT_SECURITY_POLICY={"DIRECTIVES": {"default-src": ["'self'"]}})
def test_with_django_csp_a_policy_without_wasm_is_left_alone() -> None:
    response = Client().get("/island/")
    assert response["Content-Security-Policy"] == "default-src 'self'"  # never edited; check W001 warns


# -- actions: Django's CSRF check, then the dispatcher -------------------------------------------------


def _post(client: Client, payload: object, **headers: str) -> object:
    return client.post(ACTION_URL, data=json.dumps(payload), content_type="application/json", **headers)


def test_action_without_csrf_token_is_rejected_with_problem_json() -> None:
    client = Client(enforce_csrf_checks=True)
    client.get("/island/")  # has the cookie, but sends no header
    response = _post(client, {"text": "hi"})
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    assert json.loads(response.content)["status"] == 403


def test_action_with_a_wrong_csrf_token_is_rejected() -> None:
    client = Client(enforce_csrf_checks=True)
    client.get("/island/")
    response = _post(client, {"text": "hi"}, HTTP_X_CSRFTOKEN="x" * 32)
    assert response.status_code == 403


def test_action_with_the_cookie_token_in_x_csrftoken_runs_with_the_django_request() -> None:
    client = Client(enforce_csrf_checks=True)
    token = client.get("/island/").cookies["csrftoken"].value
    response = _post(client, {"text": "hi"}, HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 200, response.content
    assert json.loads(response.content) == {"text": "HI", "request": "django.core.handlers.wsgi.WSGIRequest"}
    assert response["Cache-Control"] == "no-store"


def test_action_validation_error_is_422_problem_json_with_pointers() -> None:
    response = _post(Client(), {"text": ""})
    assert response.status_code == 422
    problem = json.loads(response.content)
    assert [e["pointer"] for e in problem["errors"]] == ["#/text"]


def test_action_rules_of_the_dispatcher_apply_unknown_method_type() -> None:
    client = Client()
    assert client.post("/_reactor/actions/contrib_actions.nope", data="{}", content_type="application/json").status_code == 404
    assert client.get(ACTION_URL).status_code == 405
    assert client.post(ACTION_URL, data="text=hi", content_type="application/x-www-form-urlencoded").status_code == 415


def test_action_from_another_origin_is_refused() -> None:
    response = _post(Client(), {"text": "hi"}, HTTP_ORIGIN="https://evil.example", HTTP_SEC_FETCH_SITE="cross-site")
    assert response.status_code == 403


# -- assets --------------------------------------------------------------------------------------------


def test_boot_and_bundle_are_served_immutable_with_the_reactor_bytes() -> None:
    reactor = get_reactor()
    client = Client()
    for key in ("boot", "bundle"):
        response = client.get(reactor.asset_urls[key])
        assert response.status_code == 200, key
        assert "immutable" in response["Cache-Control"]
    bundle = client.get(reactor.asset_urls["bundle"])
    assert bundle.content == reactor.bundle.data


def test_local_pyodide_files_are_served_as_wasm_from_the_configured_dir() -> None:
    response = Client().get("/_reactor/pyodide/pyodide.asm.wasm")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/wasm"
    assert response.content == (PYODIDE_DIR / "pyodide.asm.wasm").read_bytes()


def test_unknown_asset_and_traversal_are_404() -> None:
    client = Client()
    assert client.get("/_reactor/nothing-here.js").status_code == 404
    assert client.get("/_reactor/pyodide/..%2f..%2fetc/passwd").status_code == 404


def test_request_factory_middleware_leaves_a_304_alone() -> None:
    from django.http import HttpResponseNotModified
    from pickle_reactor.contrib.django.middleware import PickleReactorMiddleware

    response = HttpResponseNotModified()
    middleware = PickleReactorMiddleware(lambda request: response)
    assert middleware(RequestFactory().get("/")) is response
