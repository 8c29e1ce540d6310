"""PickleReactorMiddleware: one test per rewriting rule, CSP handling, and GZip outside/inside."""

from __future__ import annotations

import asyncio
import gzip
import re
from typing import Any

import pytest
from starlette.applications import Starlette
from starlette.middleware.gzip import GZipMiddleware
from starlette.responses import HTMLResponse, Response, StreamingResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from pickle_reactor.asgi import PickleReactorMiddleware
from pickle_reactor.server.security import STRICT_DEFAULT_POLICY

ISLAND = '<pr-island data-pr-component="app.Counter"><button>0</button></pr-island>'
PAGE = f"<!doctype html><html><head><title>t</title></head><body><h1>héllo</h1>{ISLAND}</body></html>"
PLAIN = "<!doctype html><html><body><h1>no islands here</h1></body></html>"


class FakeReactor:
    """A small real implementation of the middleware's reactor protocol (until the Reactor lands)."""

    def __init__(self, default_csp: str | None = STRICT_DEFAULT_POLICY, navigation: bool = False) -> None:
        self.default_csp = default_csp
        self.navigation = navigation
        self.nonces: list[str | None] = []
        self.user_agents: list[str | None] = []

    def bootstrap_html(self, nonce: str | None, *, islands: bool = True, user_agent: str | None = None) -> str:
        self.nonces.append(nonce)
        self.user_agents.append(user_agent)
        attr = f' nonce="{nonce}"' if nonce else ""
        preload = f'<link rel="modulepreload" href="/_reactor/boot-1.mjs"{attr}>' if islands else ""
        return preload + f'<script type="module" src="/_reactor/boot-1.mjs"{attr}></script>'

    def csp_additions(self) -> dict[str, list[str]]:
        return {"script-src": ["'self'", "'wasm-unsafe-eval'"], "connect-src": ["'self'"]}


def tag(nonce: str | None = None) -> str:
    return FakeReactor().bootstrap_html(nonce)


def client(app: Any, reactor: FakeReactor | None = None, **options: Any) -> TestClient:
    return TestClient(PickleReactorMiddleware(app, reactor=reactor or FakeReactor(), **options))


def html_app(body: str | bytes, status: int = 200, media_type: str = "text/html", headers: dict | None = None) -> Starlette:
    async def page(request: Any) -> Response:
        return Response(body, status_code=status, media_type=media_type, headers=headers)

    return Starlette(routes=[Route("/", page, methods=["GET", "HEAD"])])


# -- what gets rewritten ----------------------------------------------------------------------------------

def test_bootstrap_goes_before_the_last_body_end_tag() -> None:
    page = PAGE.replace("<h1>", '<script>var s = "</body>";</script><h1>')
    response = client(html_app(page)).get("/")
    assert response.text == page.replace("</body></html>", tag() + "</body></html>")
    assert response.headers["content-length"] == str(len(response.content))


def test_page_without_an_island_is_untouched() -> None:
    response = client(html_app(PLAIN)).get("/")
    assert response.text == PLAIN
    assert "content-security-policy" not in response.headers


def test_with_navigation_a_page_without_islands_gets_the_bootstrap_without_preloads() -> None:
    reactor = FakeReactor(navigation=True)
    response = client(html_app(PLAIN), reactor).get("/")
    script = '<script type="module" src="/_reactor/boot-1.mjs"></script>'
    assert response.text == PLAIN.replace("</body>", script + "</body>")
    assert "modulepreload" not in response.text
    assert "wasm-unsafe-eval" in response.headers["content-security-policy"]
    # ...but a fragment without </body> (an HTML snippet for htmx, say) is left alone.
    assert client(html_app("<p>snippet</p>"), FakeReactor(navigation=True)).get("/").text == "<p>snippet</p>"


def test_with_navigation_an_island_page_keeps_its_preloads() -> None:
    response = client(html_app(PAGE), FakeReactor(navigation=True)).get("/")
    assert response.text == PAGE.replace("</body></html>", tag() + "</body></html>")


def test_the_request_user_agent_reaches_the_bootstrap() -> None:
    reactor = FakeReactor()
    client(html_app(PAGE), reactor).get("/", headers={"User-Agent": "Engine/1.0"})
    client(html_app(PAGE), reactor).get("/", headers={"User-Agent": ""})
    assert reactor.user_agents == ["Engine/1.0", ""]


def test_page_without_body_end_tag_gets_the_bootstrap_at_the_end() -> None:
    response = client(html_app(f"<p>x</p>{ISLAND}")).get("/")
    assert response.text == f"<p>x</p>{ISLAND}{tag()}"


def test_upper_case_body_end_tag_is_found() -> None:
    response = client(html_app(f"<BODY>{ISLAND}</BODY>")).get("/")
    assert response.text == f"<BODY>{ISLAND}{tag()}</BODY>"


@pytest.mark.parametrize("status", [201, 204, 206, 301, 404, 500])
def test_only_status_200_is_rewritten(status: int) -> None:
    body = b"" if status == 204 else PAGE.encode()
    response = client(html_app(body, status=status)).get("/", follow_redirects=False)
    assert response.content == body
    assert "content-security-policy" not in response.headers


@pytest.mark.parametrize("media_type", ["application/json", "text/plain", "application/xhtml+xml", "text/htmlx"])
def test_only_text_html_is_rewritten(media_type: str) -> None:
    assert client(html_app(PAGE, media_type=media_type)).get("/").text == PAGE


@pytest.mark.parametrize("content_type, rewritten", [
    ("text/html; charset=utf-8", True),
    ("TEXT/HTML; Charset=UTF-8", True),
    ('text/html; charset="utf-8"', True),
    ("text/html", True),
    ("text/html; charset=iso-8859-1", False),
    ("text/html; charset=utf-16", False),
])
def test_only_utf8_html_is_rewritten(content_type: str, rewritten: bool) -> None:
    async def page(request: Any) -> Response:
        return Response(PAGE.encode(), headers={"content-type": content_type})

    response = client(Starlette(routes=[Route("/", page)])).get("/")
    assert (tag().encode() in response.content) is rewritten


def test_encoded_response_is_untouched() -> None:
    compressed = gzip.compress(PAGE.encode())
    app = html_app(compressed, headers={"content-encoding": "gzip"})
    response = client(app).get("/", headers={"accept-encoding": "identity"})
    assert response.headers["content-encoding"] == "gzip"
    assert response.text == PAGE  # httpx decoded the app's own bytes: nothing was inserted


def test_content_length_is_fixed_and_etag_dropped() -> None:
    app = html_app(PAGE, headers={"etag": '"v1"', "last-modified": "Wed, 21 Oct 2015 07:28:00 GMT"})
    response = client(app).get("/")
    assert "etag" not in response.headers
    assert response.headers["last-modified"] == "Wed, 21 Oct 2015 07:28:00 GMT"
    assert int(response.headers["content-length"]) == len(PAGE.encode()) + len(tag())


def test_streamed_page_under_the_cap_is_rewritten() -> None:
    chunks = [PAGE[i:i + 10].encode() for i in range(0, len(PAGE), 10)]

    async def page(request: Any) -> Response:
        async def gen() -> Any:
            for chunk in chunks:
                yield chunk
        return StreamingResponse(gen(), media_type="text/html")

    response = client(Starlette(routes=[Route("/", page)])).get("/")
    assert response.text == PAGE.replace("</body>", tag() + "</body>")


def run_asgi(app: Any, scope: dict[str, Any]) -> list[dict[str, Any]]:
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    asyncio.run(app(scope, receive, send))
    return sent


def http_scope(method: str = "GET") -> dict[str, Any]:
    return {"type": "http", "method": method, "path": "/", "headers": [], "query_string": b""}


def test_page_over_the_cap_streams_through_unchanged_without_waiting_for_the_end() -> None:
    chunk = ISLAND.encode() * 10
    seen_when_sending: list[int] = []
    sent: list[dict[str, Any]] = []

    async def app(scope: Any, receive: Any, send: Any) -> None:
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", b"text/html"), (b"etag", b'"x"')]})
        for i in range(10):
            seen_when_sending.append(len(sent))
            await send({"type": "http.response.body", "body": chunk, "more_body": i < 9})

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    async def receive() -> dict[str, Any]:
        return {"type": "http.request"}

    middleware = PickleReactorMiddleware(app, reactor=FakeReactor(), max_buffer=len(chunk) * 3)
    asyncio.run(middleware(http_scope(), receive, send))
    assert sent[0]["headers"] == [(b"content-type", b"text/html"), (b"etag", b'"x"')]
    assert b"".join(m.get("body", b"") for m in sent[1:]) == chunk * 10
    assert seen_when_sending[4] > 0  # forwarded long before the app finished, not held to the end


def test_head_gets_headers_only() -> None:
    response = client(html_app(PAGE)).head("/")
    assert response.content == b""
    assert int(response.headers["content-length"]) == len(PAGE.encode()) + len(tag())
    assert "content-security-policy" in response.headers
    messages = run_asgi(PickleReactorMiddleware(html_app(PAGE), reactor=FakeReactor()), http_scope("HEAD"))
    assert [m.get("body", b"") for m in messages[1:]] == [b""]


@pytest.mark.parametrize("scope_type", ["websocket", "lifespan"])
def test_websocket_and_lifespan_pass_through(scope_type: str) -> None:
    seen: list[Any] = []

    async def app(scope: Any, receive: Any, send: Any) -> None:
        seen.append((scope, receive, send))

    async def receive() -> dict[str, Any]:
        return {}

    async def send(message: Any) -> None:
        return None

    scope = {"type": scope_type}
    asyncio.run(PickleReactorMiddleware(app, reactor=FakeReactor())(scope, receive, send))
    assert seen == [(scope, receive, send)]


def test_trailers_are_not_rewritten() -> None:
    async def app(scope: Any, receive: Any, send: Any) -> None:
        await send({"type": "http.response.start", "status": 200, "trailers": True,
                    "headers": [(b"content-type", b"text/html")]})
        await send({"type": "http.response.body", "body": PAGE.encode()})
        await send({"type": "http.response.trailers", "headers": [], "more_trailers": False})

    messages = run_asgi(PickleReactorMiddleware(app, reactor=FakeReactor()), http_scope())
    assert messages[1]["body"] == PAGE.encode() and messages[2]["type"] == "http.response.trailers"


# -- CSP ------------------------------------------------------------------------------------------------

def csp_app(**headers: str) -> Starlette:
    return html_app(PAGE, headers={k.replace("_", "-"): v for k, v in headers.items()})


def test_no_policy_gets_the_strict_default() -> None:
    response = client(csp_app()).get("/")
    assert response.headers["content-security-policy"] == STRICT_DEFAULT_POLICY
    assert tag() in response.text


def test_default_policy_can_be_turned_off() -> None:
    response = client(csp_app(), reactor=FakeReactor(default_csp=None)).get("/")
    assert "content-security-policy" not in response.headers
    assert tag() in response.text


def test_custom_default_policy_gets_our_sources() -> None:
    response = client(csp_app(), reactor=FakeReactor(default_csp="default-src 'self'")).get("/")
    assert response.headers["content-security-policy"] == (
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'")


def test_page_nonce_is_reused_on_our_tags_and_policy_merged_in_place() -> None:
    response = client(csp_app(content_security_policy="script-src 'nonce-PaGe123' 'self'; img-src *")).get("/")
    assert response.headers["content-security-policy"] == "script-src 'nonce-PaGe123' 'self' 'wasm-unsafe-eval'; img-src *"
    assert tag("PaGe123") in response.text


def test_strict_dynamic_without_nonce_gets_a_fresh_nonce_in_header_and_tag() -> None:
    reactor = FakeReactor()
    response = client(csp_app(content_security_policy="script-src 'sha256-AAAA' 'strict-dynamic'"), reactor).get("/")
    nonce = reactor.nonces[-1]
    assert nonce and re.fullmatch(r"[A-Za-z0-9_-]{24}", nonce)
    assert f"'nonce-{nonce}'" in response.headers["content-security-policy"]
    assert tag(nonce) in response.text
    second = client(csp_app(content_security_policy="script-src 'sha256-AAAA' 'strict-dynamic'"), reactor).get("/")
    assert reactor.nonces[-1] != nonce and second.status_code == 200  # one nonce per response


def test_report_only_is_merged_and_no_enforced_policy_is_added() -> None:
    response = client(csp_app(content_security_policy_report_only="default-src 'self' 'nonce-r0'")).get("/")
    assert "content-security-policy" not in response.headers
    assert response.headers["content-security-policy-report-only"] == (
        "default-src 'self' 'nonce-r0'; script-src 'self' 'nonce-r0' 'wasm-unsafe-eval'; connect-src 'self' 'nonce-r0'")
    assert tag("r0") in response.text


def test_multiple_policy_headers_are_each_merged() -> None:
    async def page(request: Any) -> Response:
        response = HTMLResponse(PAGE)
        response.headers.append("content-security-policy", "default-src 'self'")
        response.headers.append("content-security-policy", "script-src 'nonce-two' 'strict-dynamic'")
        response.headers.append("content-security-policy-report-only", "script-src 'none'")
        return response

    response = client(Starlette(routes=[Route("/", page)])).get("/")
    assert response.headers.get_list("content-security-policy") == [
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'",
        "script-src 'nonce-two' 'strict-dynamic' 'self' 'wasm-unsafe-eval'",
    ]
    assert response.headers["content-security-policy-report-only"] == "script-src 'self' 'wasm-unsafe-eval'"
    assert tag("two") in response.text


def test_no_island_leaves_the_policy_alone() -> None:
    app = html_app(PLAIN, headers={"content-security-policy": "script-src 'self'"})
    assert client(app).get("/").headers["content-security-policy"] == "script-src 'self'"


# -- with Starlette's GZipMiddleware -------------------------------------------------------------------

def test_gzip_outside_compresses_the_rewritten_page() -> None:
    inner = PickleReactorMiddleware(html_app(PAGE * 3), reactor=FakeReactor())
    response = TestClient(GZipMiddleware(inner, minimum_size=10)).get("/", headers={"accept-encoding": "gzip"})
    assert response.headers["content-encoding"] == "gzip"
    assert tag() in response.text
    assert int(response.headers["content-length"]) < len(response.text.encode())


def test_gzip_inside_is_passed_through_untouched() -> None:
    outer = PickleReactorMiddleware(GZipMiddleware(html_app(PAGE * 3), minimum_size=10), reactor=FakeReactor())
    response = TestClient(outer).get("/", headers={"accept-encoding": "gzip"})
    assert response.headers["content-encoding"] == "gzip"
    assert response.text == PAGE * 3  # compressed bodies are never rewritten: install us inside GZip
    assert "content-security-policy" not in response.headers


def test_gzip_inside_without_accept_encoding_is_rewritten() -> None:
    outer = PickleReactorMiddleware(GZipMiddleware(html_app(PAGE), minimum_size=10), reactor=FakeReactor())
    response = TestClient(outer).get("/", headers={"accept-encoding": "identity"})
    assert tag() in response.text
