"""reactor.app over real HTTP semantics (Starlette's TestClient): MIME types, caching, encodings, 404/405."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path
from typing import Any

import pytest
from starlette.applications import Starlette
from starlette.routing import Mount
from starlette.testclient import TestClient

from pickle_reactor.reactor import Reactor
from pickle_reactor.server.assets import BOOT_SOURCE, negotiate
from pickle_reactor.server.pyodide_dist import RUNTIME_FILES, write_sidecars

ROOT = Path(__file__).resolve().parents[2]
NODE_PYODIDE = ROOT / "node_modules" / "pyodide"
COMPONENTS = ["pr_reactor_app.components"]
ACTIONS = ["pr_reactor_app.actions"]

pytestmark = pytest.mark.skipif(not (NODE_PYODIDE / "pyodide.asm.wasm").exists(), reason="run npm ci first")


@pytest.fixture(scope="module")
def pyodide_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A local Pyodide copy with its precompressed sidecars, as `pyodide fetch` leaves it."""
    target = tmp_path_factory.mktemp("pyodide")
    for name in RUNTIME_FILES:
        shutil.copy2(NODE_PYODIDE / name, target / name)
    (target / "README.md").write_text("not a runtime file")
    write_sidecars(target)
    return target


@pytest.fixture(scope="module")
def reactor(pyodide_dir: Path) -> Reactor:
    return Reactor(components=COMPONENTS, actions=ACTIONS, pyodide_dir=pyodide_dir)


@pytest.fixture(scope="module")
def client(reactor: Reactor) -> TestClient:
    return TestClient(reactor.app)


def _get(client: TestClient, path: str, encoding: str = "identity", **headers: str) -> Any:
    return client.get(path, headers={"accept-encoding": encoding, **headers})


def test_boot_module_is_served_immutable_as_javascript(reactor: Reactor, client: TestClient) -> None:
    url = reactor.asset_urls["boot"]
    assert url.startswith("/_reactor/boot-") and url.endswith(".mjs")
    response = _get(client, url.removeprefix("/_reactor"))
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/javascript; charset=utf-8"
    assert response.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert response.headers["vary"] == "Accept-Encoding"
    assert "content-encoding" not in response.headers
    assert response.content == BOOT_SOURCE.read_bytes()
    assert response.headers["content-length"] == str(len(response.content))


@pytest.mark.parametrize(
    ("accept", "expected"),
    [("br, gzip", "br"), ("gzip, deflate, br, zstd", "br"), ("gzip", "gzip"), ("br;q=0, gzip", "gzip"),
     ("identity", None), ("", None), ("*", "br"), ("*;q=0, gzip", "gzip"), ("deflate", None)],
)
def test_bundle_encoding_follows_accept_encoding(reactor: Reactor, client: TestClient, accept: str,
                                                 expected: str | None) -> None:
    response = client.get(f"/{reactor.bundle.filename}", headers={"accept-encoding": accept})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/zip"
    assert response.headers.get("content-encoding") == expected
    assert response.content == reactor.bundle.data  # decoded by the client
    raw = reactor.bundle.data if expected is None else reactor.bundle.variants[expected]
    assert response.headers["content-length"] == str(len(raw))


def test_etag_revalidation_answers_304_per_representation(reactor: Reactor, client: TestClient) -> None:
    path = f"/{reactor.bundle.filename}"
    plain, packed = _get(client, path), _get(client, path, "br")
    assert plain.headers["etag"] != packed.headers["etag"]
    again = _get(client, path, "br", **{"if-none-match": packed.headers["etag"]})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == packed.headers["etag"]
    assert _get(client, path, "identity", **{"if-none-match": packed.headers["etag"]}).status_code == 200
    assert _get(client, path, "identity", **{"if-none-match": f'"x", W/{plain.headers["etag"]}'}).status_code == 304


def test_head_sends_headers_only(reactor: Reactor, client: TestClient) -> None:
    response = client.head(f"/{reactor.bundle.filename}", headers={"accept-encoding": "gzip"})
    assert response.status_code == 200
    assert response.content == b""
    assert response.headers["content-length"] == str(len(reactor.bundle.variants["gzip"]))
    wasm = client.head("/pyodide/pyodide.asm.wasm", headers={"accept-encoding": "identity"})
    assert wasm.status_code == 200 and wasm.content == b""
    assert wasm.headers["content-length"] == str((NODE_PYODIDE / "pyodide.asm.wasm").stat().st_size)


@pytest.mark.parametrize(
    ("name", "mime"),
    [("pyodide.mjs", "text/javascript; charset=utf-8"), ("pyodide.asm.mjs", "text/javascript; charset=utf-8"),
     ("pyodide.asm.wasm", "application/wasm"), ("python_stdlib.zip", "application/zip"),
     ("pyodide-lock.json", "application/json")],
)
def test_pyodide_files_have_their_mime_types(client: TestClient, name: str, mime: str) -> None:
    response = _get(client, f"/pyodide/{name}")
    assert response.status_code == 200
    assert response.headers["content-type"] == mime
    assert response.content == (NODE_PYODIDE / name).read_bytes()
    assert "immutable" not in response.headers["cache-control"]


def test_pyodide_wasm_is_served_from_its_brotli_sidecar(client: TestClient, pyodide_dir: Path) -> None:
    response = client.get("/pyodide/pyodide.asm.wasm", headers={"accept-encoding": "gzip, br"})
    assert response.headers["content-encoding"] == "br"
    assert response.headers["content-length"] == str((pyodide_dir / "pyodide.asm.wasm.br").stat().st_size)
    assert response.content == (NODE_PYODIDE / "pyodide.asm.wasm").read_bytes()
    gz = client.get("/pyodide/pyodide-lock.json", headers={"accept-encoding": "gzip"})
    assert gz.headers["content-encoding"] == "gzip"
    assert gz.json()["info"]["python"].startswith("3.14")


def test_stdlib_zip_is_never_recompressed(client: TestClient) -> None:
    response = client.get("/pyodide/python_stdlib.zip", headers={"accept-encoding": "br, gzip"})
    assert "content-encoding" not in response.headers


def test_pyodide_files_revalidate_with_etag(client: TestClient) -> None:
    first = _get(client, "/pyodide/pyodide.mjs", "br")
    assert first.headers["etag"]
    second = _get(client, "/pyodide/pyodide.mjs", "br", **{"if-none-match": first.headers["etag"]})
    assert second.status_code == 304 and second.content == b""


def test_pyodide_dir_without_sidecars_serves_identity() -> None:
    reactor = Reactor(components=COMPONENTS, pyodide_dir=NODE_PYODIDE)
    response = TestClient(reactor.app).get("/pyodide/pyodide.asm.wasm", headers={"accept-encoding": "br, gzip"})
    assert response.status_code == 200 and "content-encoding" not in response.headers


@pytest.mark.parametrize(
    "path",
    ["/", "/boot.mjs", "/boot-0000000000000000.mjs", "/bundle-0000000000000000.zip", "/pyodide/",
     "/pyodide/README.md", "/pyodide/pyodide.asm.wasm.br", "/pyodide/package.json", "/static/boot.mjs", "/browser/boot.mjs",
     "/pyodide/../pyodide/pyodide.mjs", "/pyodide/../../../../etc/passwd", "/pyodide//etc/passwd",
     "/../setup.cfg", "/pyodide/%2e%2e/%2e%2e/setup.cfg", "/pyodide/..%2f..%2fsetup.cfg", "/etc/passwd",
     "//etc/passwd", "/pyodide/pyodide.mjs/", "/pyodide/./pyodide.mjs", "/PYODIDE/pyodide.mjs"],
)
def test_anything_else_is_404_and_nothing_escapes(reactor: Reactor, path: str) -> None:
    status, _, body = _call(reactor.app, "GET", path)
    assert status == 404
    assert body == b"Not Found"


def test_percent_encoded_dots_through_http_are_404(client: TestClient) -> None:
    assert client.get("/pyodide/%2e%2e/%2e%2e/setup.cfg").status_code == 404
    assert client.get("/pyodide/%2E%2E%2Fpyodide.mjs").status_code == 404


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH", "OPTIONS"])
def test_methods_other_than_get_and_head_are_405(reactor: Reactor, method: str) -> None:
    status, headers, _ = _call(reactor.app, method, f"/{reactor.bundle.filename}")
    assert status == 405 and headers[b"allow"] == b"GET, HEAD"
    assert _call(reactor.app, method, "/pyodide/pyodide.mjs")[0] == 405


def test_cdn_mode_serves_no_pyodide_files() -> None:
    reactor = Reactor(components=COMPONENTS, pyodide="https://cdn.example/pyodide/v314.0.7/full/",
                      pyodide_dir="/nonexistent")
    assert TestClient(reactor.app).get("/pyodide/pyodide.mjs").status_code == 404


def test_mounted_under_the_prefix_in_starlette(reactor: Reactor) -> None:
    outer = Starlette(routes=[Mount("/_reactor", app=reactor.app)])
    client = TestClient(outer)
    for url in (reactor.asset_urls["boot"], reactor.asset_urls["bundle"], reactor.asset_urls["pyodide"] + "pyodide.mjs"):
        assert client.get(url).status_code == 200, url
    assert client.get("/_reactor/nothing").status_code == 404


def test_action_route_reaches_the_dispatcher(reactor: Reactor) -> None:
    client = TestClient(Starlette(routes=[Mount("/_reactor", app=reactor.app)]))
    url = reactor.asset_urls["actions"] + "pr_reactor_app.actions.add_item"
    ok = client.post(url, json={"title": "milk"}, headers={"sec-fetch-site": "same-origin"})
    assert ok.status_code == 200, ok.text
    assert ok.json()["title"] == "milk"
    assert ok.headers["cache-control"] == "no-store"
    assert client.get(url).status_code == 405
    unknown = client.post(reactor.asset_urls["actions"] + "pr_reactor_app.actions.nope", json={},
                          headers={"sec-fetch-site": "same-origin"})
    assert unknown.status_code == 404
    assert unknown.headers["content-type"].startswith("application/problem+json")


def test_negotiate_prefers_brotli_then_gzip() -> None:
    assert negotiate("gzip, br", {"br", "gzip"}) == "br"
    assert negotiate("gzip, br", {"gzip"}) == "gzip"
    assert negotiate("br;q=0.1, gzip;q=1", {"br", "gzip"}) == "br"  # both acceptable: the smaller one
    assert negotiate("BR;Q=0", {"br", "gzip"}) is None
    assert negotiate("gzip;q=bogus", {"gzip"}) is None
    assert negotiate("br", set()) is None


def test_lifespan_is_acknowledged(reactor: Reactor) -> None:
    messages = iter([{"type": "lifespan.startup"}, {"type": "lifespan.shutdown"}])
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return next(messages)

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    asyncio.run(reactor.app({"type": "lifespan"}, receive, send))
    assert [m["type"] for m in sent] == ["lifespan.startup.complete", "lifespan.shutdown.complete"]


def _call(app: Any, method: str, path: str) -> tuple[int, dict[bytes, bytes], bytes]:
    """One request with a raw, unnormalised path (HTTP clients would clean up `..` before sending)."""
    start: dict[str, Any] = {}
    chunks: list[bytes] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            start.update(message)
        else:
            chunks.append(message.get("body", b""))

    scope = {"type": "http", "method": method, "path": path, "raw_path": path.encode(), "root_path": "",
             "query_string": b"", "headers": [(b"accept-encoding", b"identity")]}
    asyncio.run(app(scope, receive, send))
    return start["status"], dict(start["headers"]), b"".join(chunks)


def test_raw_path_call_helper_reaches_real_files(reactor: Reactor) -> None:
    status, _, body = _call(reactor.app, "GET", "/pyodide/pyodide.mjs")
    assert status == 200 and body == (NODE_PYODIDE / "pyodide.mjs").read_bytes()
