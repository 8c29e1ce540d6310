"""Content-Security-Policy editing and the same-origin check for actions.

CSP functions work on header *values* and keep everything they do not need to touch (directive order,
unknown directives, report-uri) so that an app's own policy is edited in place, never replaced::

    parse_policies(value) -> list[Policy]        # one header value may hold several comma-separated policies
    serialize_policy(policy) -> str
    merge_policy(policy, additions, nonce=None) -> Policy
    find_nonce(policies) -> str | None
    STRICT_DEFAULT_POLICY: str

Origin check (DESIGN.md §3): ``Sec-Fetch-Site`` when the browser sends it, else ``Origin`` against
``Host``, else the allowed-origins setting::

    origin_allowed(headers, allowed_origins) -> bool
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping
from urllib.parse import urlsplit

__all__ = [
    "STRICT_DEFAULT_POLICY",
    "TRUSTED_TYPES_POLICY",
    "Policy",
    "find_nonce",
    "merge_header",
    "merge_policy",
    "needs_nonce",
    "normalize_origin",
    "origin_allowed",
    "parse_policies",
    "serialize_policy",
]

# An ordered list of (directive name, sources); names lower-cased, sources kept as written.
Policy = list[tuple[str, list[str]]]

# The Trusted Types policy boot.mjs creates for its HTML sink (trusted Markup), navigation's DOMParser
# and the snapshot Worker URL. One document creates it once, so no 'allow-duplicates'.
TRUSTED_TYPES_POLICY = "pickle-reactor"

STRICT_DEFAULT_POLICY = (
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'; "
    f"require-trusted-types-for 'script'; trusted-types {TRUSTED_TYPES_POLICY}"
)
# Directives that do not fall back to default-src: added to only where the policy already has them
# (``trusted-types`` absent means any policy name may be created).
_OWN_LIST_ONLY = frozenset({"trusted-types"})

# Keywords we never add to anybody's policy ('wasm-unsafe-eval' is what Pyodide needs and is not one).
_FORBIDDEN = frozenset({"'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "'unsafe-allow-redirects'"})
_NONCE = re.compile(r"^'nonce-([A-Za-z0-9+/_=-]+)'$", re.IGNORECASE)
_DIRECTIVE_NAME = re.compile(r"^[A-Za-z0-9-]+$")
_DEFAULT_PORTS = {"http": 80, "https": 443}


def parse_policies(value: str) -> list[Policy]:
    """Parse a ``Content-Security-Policy`` header value (CSP3 §2.2); duplicate directives keep the first."""
    policies = []
    for text in value.split(","):
        policy: Policy = []
        seen = set()
        for chunk in text.split(";"):
            tokens = chunk.split()
            if not tokens or not _DIRECTIVE_NAME.match(tokens[0]):
                continue
            name = tokens[0].lower()
            if name in seen:
                continue  # browsers ignore a repeated directive
            seen.add(name)
            policy.append((name, tokens[1:]))
        if policy:
            policies.append(policy)
    return policies


def serialize_policy(policy: Policy) -> str:
    return "; ".join(" ".join((name, *sources)) for name, sources in policy)


def merge_policy(policy: Policy, additions: Mapping[str, Iterable[str]], nonce: str | None = None) -> Policy:
    """Add ``additions`` (and ``'nonce-…'`` to script-src when given) to a policy, never loosening it more.

    A directive the policy lacks is seeded from ``default-src`` before adding; when there is no
    ``default-src`` either the directive is unrestricted and is left out (adding it would restrict).
    ``'none'`` is dropped once a source is added (it is only valid alone). Unsafe keywords are skipped.
    ``trusted-types`` is only added to where the policy lists policy names already (never seeded; its
    ``'none'`` or an empty list — no policy at all — is kept as the app's explicit choice; ``*`` admits ours).
    """
    merged = [(name, list(sources)) for name, sources in policy]
    index = {name: i for i, (name, _) in enumerate(merged)}
    wanted: dict[str, list[str]] = {name.lower(): [s for s in srcs if s.lower() not in _FORBIDDEN]
                                    for name, srcs in additions.items()}
    if nonce is not None:
        wanted.setdefault("script-src", []).append(f"'nonce-{nonce}'")
    for name, sources in wanted.items():
        if not sources:
            continue
        if name in _OWN_LIST_ONLY:
            present = {s.lower() for s in merged[index[name]][1]} if name in index else {"*"}
            if not present or "'none'" in present or "*" in present:  # an empty list allows no policy
                continue
        if name not in index:
            if "default-src" not in index:
                continue
            merged.append((name, list(merged[index["default-src"]][1])))
            index[name] = len(merged) - 1
        current = merged[index[name]][1]
        present = {s.lower() for s in current}
        new = [s for s in sources if s.lower() not in present]
        if new and "'none'" in present:
            current[:] = [s for s in current if s.lower() != "'none'"]
        current.extend(new)
    return merged


def merge_header(value: str, additions: Mapping[str, Iterable[str]], nonce: str | None = None) -> str:
    """``merge_policy`` over every policy of one header value; the value is re-serialised.

    ``nonce`` is added only to policies that cannot admit our script otherwise (``needs_nonce``): adding
    a nonce elsewhere would make browsers ignore that policy's ``'unsafe-inline'`` and break the app.
    """
    return ", ".join(
        serialize_policy(merge_policy(p, additions, nonce if needs_nonce(p) else None))
        for p in parse_policies(value)
    )


def script_sources(policy: Policy) -> list[str] | None:
    """The sources that govern scripts (``script-src-elem``, ``script-src`` then ``default-src``)."""
    lookup = dict(policy)
    for name in ("script-src-elem", "script-src", "default-src"):
        if name in lookup:
            return lookup[name]
    return None


def find_nonce(policies: Iterable[Policy]) -> str | None:
    """The first ``'nonce-…'`` value governing scripts, so our script tag can carry the page's nonce."""
    for policy in policies:
        for source in script_sources(policy) or ():
            match = _NONCE.match(source)
            if match:
                return match.group(1)
    return None


def needs_nonce(policy: Policy) -> bool:
    """True when ``'strict-dynamic'`` makes host sources useless, so only a nonce can admit our script."""
    sources = script_sources(policy) or ()
    return any(s.lower() == "'strict-dynamic'" for s in sources) and not any(_NONCE.match(s) for s in sources)


def normalize_origin(origin: str) -> str | None:
    """``scheme://host[:port]`` lower-cased with the default port dropped; None for anything else."""
    try:
        parts = urlsplit(origin.strip())
        port = parts.port
    except ValueError:
        return None
    if parts.scheme not in _DEFAULT_PORTS or not parts.hostname or parts.path not in ("", "/"):
        return None
    if parts.query or parts.fragment or parts.username or parts.password:
        return None
    host = parts.hostname.lower()
    if ":" in host:
        host = f"[{host}]"
    if port is None or port == _DEFAULT_PORTS[parts.scheme]:
        return f"{parts.scheme}://{host}"
    return f"{parts.scheme}://{host}:{port}"


def _origin_matches_host(origin: str, host: str) -> bool:
    normalized = normalize_origin(origin)
    if normalized is None:
        return False
    scheme = normalized.split(":", 1)[0]
    return normalize_origin(f"{scheme}://{host.strip()}") == normalized


def origin_allowed(headers: Mapping[str, str], allowed_origins: Collection[str] = ()) -> bool:
    """Whether a state-changing request comes from this site (or an explicitly allowed origin).

    ``headers`` has lower-case names. ``allowed_origins`` must hold normalised origins
    (``normalize_origin``). A request with neither ``Sec-Fetch-Site`` nor ``Origin`` is not from a
    browser page (browsers send ``Origin`` on every POST), so no cross-site page can have caused it.
    """
    site = headers.get("sec-fetch-site")
    origin = headers.get("origin")
    if site is not None:
        if site.strip().lower() == "same-origin":
            return True
        return origin is not None and normalize_origin(origin) in allowed_origins
    if origin is None:
        return True
    host = headers.get("host")
    if host and _origin_matches_host(origin, host):
        return True
    return normalize_origin(origin) in allowed_origins
