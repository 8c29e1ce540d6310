"""CSP editing: a table of real-world policies and what merging our sources into them must give."""

from __future__ import annotations

import pytest

from pickle_reactor.server.security import (
    STRICT_DEFAULT_POLICY,
    find_nonce,
    merge_header,
    needs_nonce,
    parse_policies,
    serialize_policy,
)

ADDITIONS = {
    "script-src": ["'self'", "'wasm-unsafe-eval'", "https://cdn.pyodide.example"],
    "connect-src": ["'self'", "https://cdn.pyodide.example"],
}


@pytest.mark.parametrize("policy, expected", [
    pytest.param(
        "default-src 'self' https://static.example",
        "default-src 'self' https://static.example; "
        "script-src 'self' https://static.example 'wasm-unsafe-eval' https://cdn.pyodide.example; "
        "connect-src 'self' https://static.example https://cdn.pyodide.example",
        id="default-src only: missing *-src seeded from it",
    ),
    pytest.param(
        "script-src 'self' 'nonce-r4nd0m'; object-src 'none'",
        "script-src 'self' 'nonce-r4nd0m' 'wasm-unsafe-eval' https://cdn.pyodide.example; object-src 'none'",
        id="nonce-based: sources added, nonce kept, connect-src unrestricted so left out",
    ),
    pytest.param(
        "script-src 'nonce-r4nd0m' 'strict-dynamic' https: 'unsafe-inline'; base-uri 'none'",
        "script-src 'nonce-r4nd0m' 'strict-dynamic' https: 'unsafe-inline' 'self' 'wasm-unsafe-eval' "
        "https://cdn.pyodide.example; base-uri 'none'",
        id="strict-dynamic with a nonce: the app's own unsafe-inline fallback is untouched",
    ),
    pytest.param(
        "default-src 'none'; img-src 'self'",
        "default-src 'none'; img-src 'self'; script-src 'self' 'wasm-unsafe-eval' https://cdn.pyodide.example; "
        "connect-src 'self' https://cdn.pyodide.example",
        id="'none' default: seeded then replaced, default-src itself stays 'none'",
    ),
    pytest.param(
        "script-src 'none'; connect-src 'none'",
        "script-src 'self' 'wasm-unsafe-eval' https://cdn.pyodide.example; "
        "connect-src 'self' https://cdn.pyodide.example",
        id="explicit 'none' is replaced ('none' is only valid alone)",
    ),
    pytest.param(
        "img-src 'self'; frame-ancestors 'none'",
        "img-src 'self'; frame-ancestors 'none'",
        id="scripts unrestricted: nothing to add (adding script-src would restrict the app)",
    ),
    pytest.param(
        "Script-Src 'SELF' 'WASM-UNSAFE-EVAL' https://CDN.pyodide.example; connect-src *",
        "script-src 'SELF' 'WASM-UNSAFE-EVAL' https://CDN.pyodide.example; connect-src * 'self' "
        "https://cdn.pyodide.example",
        id="case-insensitive: no duplicates",
    ),
    pytest.param(
        "script-src 'self'; report-uri /csp; script-src https://evil.example; upgrade-insecure-requests",
        "script-src 'self' 'wasm-unsafe-eval' https://cdn.pyodide.example; report-uri /csp; "
        "upgrade-insecure-requests",
        id="repeated directive ignored as browsers do; unknown and valueless directives kept in order",
    ),
    pytest.param(
        "default-src 'self', script-src 'self' https://a.example",
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' https://cdn.pyodide.example; "
        "connect-src 'self' https://cdn.pyodide.example, "
        "script-src 'self' https://a.example 'wasm-unsafe-eval' https://cdn.pyodide.example",
        id="two comma-separated policies in one header: each merged",
    ),
])
def test_merge_table(policy: str, expected: str) -> None:
    assert merge_header(policy, ADDITIONS) == expected


def test_unsafe_keywords_are_never_added() -> None:
    merged = merge_header("default-src 'self'", {"script-src": ["'unsafe-inline'", "'UNSAFE-EVAL'", "'unsafe-hashes'",
                                                                "'wasm-unsafe-eval'"]})
    assert merged == "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'"


def test_nonce_is_added_only_where_strict_dynamic_needs_it() -> None:
    hashed = "script-src 'sha256-abc=' 'strict-dynamic'"
    inline = "script-src 'self' 'unsafe-inline'"
    assert needs_nonce(parse_policies(hashed)[0]) and not needs_nonce(parse_policies(inline)[0])
    assert "'nonce-n0nce'" in merge_header(hashed, ADDITIONS, nonce="n0nce")
    # a nonce would switch off this app's 'unsafe-inline': it must not be added there
    assert "nonce" not in merge_header(inline, ADDITIONS, nonce="n0nce")


@pytest.mark.parametrize("policy, nonce", [
    ("script-src 'nonce-abc+/=' 'self'", "abc+/="),
    ("default-src 'self' 'nonce-d3f'", "d3f"),
    ("default-src 'nonce-d3f'; script-src 'nonce-s1'", "s1"),
    ("script-src-elem 'nonce-e1'; script-src 'nonce-s1'", "e1"),
    ("style-src 'nonce-st'; script-src 'self'", None),
    ("script-src 'self'", None),
    ("script-src 'nonce-'", None),
])
def test_find_nonce_reads_the_directive_governing_scripts(policy: str, nonce: str | None) -> None:
    assert find_nonce(parse_policies(policy)) == nonce


def test_parse_and_serialize_round_trip() -> None:
    text = "default-src 'self'; img-src 'self' data:; upgrade-insecure-requests"
    assert serialize_policy(parse_policies(text)[0]) == text
    assert parse_policies(" ; ;, ") == []


def test_strict_default_policy_is_strict() -> None:
    policy = dict(parse_policies(STRICT_DEFAULT_POLICY)[0])
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'", "'wasm-unsafe-eval'"]
    assert policy["object-src"] == ["'none'"]
    assert not any(s.startswith("'unsafe-") for sources in policy.values() for s in sources)
