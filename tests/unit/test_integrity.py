"""Subresource Integrity digests and the Trusted Types additions to a policy.

The digest the page carries for each URL must be the sha384 of the exact bytes ``reactor.app`` serves
there (else every page fails closed); a CDN's pinned digests must be those of the verified release.
"""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path

import html5lib
import pytest
from starlette.testclient import TestClient

from pickle_reactor import Reactor
from pickle_reactor.server.assets import pyodide_integrity
from pickle_reactor.server.pyodide_dist import PYODIDE_SRI, RUNTIME_FILES, is_verified
from pickle_reactor.server.security import STRICT_DEFAULT_POLICY, merge_header, parse_policies

ROOT = Path(__file__).resolve().parents[2]
NODE_PYODIDE = ROOT / "node_modules" / "pyodide"
NS = "{http://www.w3.org/1999/xhtml}"
CDN = "https://cdn.example.net/pyodide/v314.0.7/full/"
needs_pyodide = pytest.mark.skipif(not (NODE_PYODIDE / "pyodide.asm.wasm").exists(), reason="run npm ci first")


def sha384(data: bytes) -> str:
    return "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode()


def tags(markup: str) -> list:
    return list(html5lib.parse(f"<body>{markup}</body>").find(f"{NS}body"))


@needs_pyodide
def test_every_digest_is_the_sha384_of_the_bytes_served() -> None:
    reactor = Reactor(components=["pr_reactor_app.components"], pyodide_dir=NODE_PYODIDE, navigation=True)
    client = TestClient(reactor.app)
    digests = reactor.integrity()
    assert len(digests) == 3 + 1 + len(RUNTIME_FILES)  # boot, worker, navigation; bundle; Pyodide
    for url, digest in digests.items():
        response = client.get(url.removeprefix("/_reactor"), headers={"accept-encoding": "br"})
        assert response.status_code == 200, url
        assert sha384(response.content) == digest, url  # the decoded body: what the browser checks


@needs_pyodide
def test_the_bootstrap_carries_the_digests_boot_mjs_checks() -> None:
    reactor = Reactor(components=["pr_reactor_app.components"], pyodide_dir=NODE_PYODIDE, debug=True)
    digests = reactor.integrity()
    found = tags(reactor.bootstrap_html())
    script = found[-1]
    assert script.get("integrity") == digests[script.get("src")]
    assert json.loads(script.get("data-pr-integrity")) == {u: d for u, d in digests.items() if u != script.get("src")}
    assert any(url.endswith(".dev.mjs") for url in digests)  # debug loads the dev module: it is checked too
    for link in found[:-1]:
        if link.get("rel") == "modulepreload":
            assert link.get("integrity") == digests[link.get("href")]
        else:  # Chromium ignores integrity on as=fetch preloads (and warns): the fetch() carries it
            assert link.get("as") == "fetch" and link.get("integrity") is None


@needs_pyodide
def test_cdn_digests_are_pinned_and_match_the_verified_release() -> None:
    assert is_verified(NODE_PYODIDE)
    assert pyodide_integrity(None) == PYODIDE_SRI == pyodide_integrity(NODE_PYODIDE)
    reactor = Reactor(components=["pr_reactor_app.components"], pyodide=CDN)
    digests = reactor.integrity()
    assert {url.removeprefix(CDN): d for url, d in digests.items() if url.startswith(CDN)} == PYODIDE_SRI
    cdn_links = [t for t in tags(reactor.bootstrap_html()) if (t.get("href") or "").startswith(CDN)]
    assert [t.get("integrity") for t in cdn_links if t.get("rel") == "modulepreload"] == [
        PYODIDE_SRI["pyodide.mjs"], PYODIDE_SRI["pyodide.asm.mjs"]]


def test_the_strict_default_requires_trusted_types_with_our_policy() -> None:
    (policy,) = parse_policies(STRICT_DEFAULT_POLICY)
    assert ("require-trusted-types-for", ["'script'"]) in policy
    assert ("trusted-types", ["pickle-reactor"]) in policy
    assert not any("unsafe" in s and s != "'wasm-unsafe-eval'" for _, sources in policy for s in sources)


OURS = {"script-src": ["'self'", "'wasm-unsafe-eval'"], "trusted-types": ["pickle-reactor"]}


@pytest.mark.parametrize(("app", "merged"), [
    # A list of names gets ours; the app's requirement stays as it was.
    ("require-trusted-types-for 'script'; trusted-types app",
     "require-trusted-types-for 'script'; trusted-types app pickle-reactor"),
    ("trusted-types app pickle-reactor 'allow-duplicates'", "trusted-types app pickle-reactor 'allow-duplicates'"),
    ("trusted-types *", "trusted-types *"),
    # 'none' and an empty list allow no policy: the app's explicit choice is kept, never widened.
    ("trusted-types 'none'", "trusted-types 'none'"),
    ("require-trusted-types-for 'script'; trusted-types", "require-trusted-types-for 'script'; trusted-types"),
    # No trusted-types directive: any name may be created, and none is seeded from default-src.
    ("default-src 'self'", "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'"),
    ("require-trusted-types-for 'script'", "require-trusted-types-for 'script'"),
])
def test_trusted_types_merge_adds_our_name_and_never_weakens(app: str, merged: str) -> None:
    assert merge_header(app, OURS) == merged
