"""The origin check for actions: Sec-Fetch-Site, then Origin against Host, then the allowed origins."""

from __future__ import annotations

import pytest

from pickle_reactor.server.security import normalize_origin, origin_allowed

ALLOWED = frozenset({"https://partner.example"})


@pytest.mark.parametrize("origin, normalized", [
    ("https://Example.COM", "https://example.com"),
    ("https://example.com:443", "https://example.com"),
    ("http://example.com:80/", "http://example.com"),
    ("http://example.com:8080", "http://example.com:8080"),
    ("http://[::1]:8000", "http://[::1]:8000"),
    ("null", None),
    ("ftp://example.com", None),
    ("https://example.com/path", None),
    ("https://user@example.com", None),
    ("https://example.com:99999", None),
    ("https://", None),
    ("", None),
])
def test_normalize_origin(origin: str, normalized: str | None) -> None:
    assert normalize_origin(origin) == normalized


def test_sec_fetch_site_same_origin_wins() -> None:
    assert origin_allowed({"sec-fetch-site": "same-origin"}, ALLOWED)
    assert origin_allowed({"sec-fetch-site": " Same-Origin "}, ALLOWED)


@pytest.mark.parametrize("site", ["same-site", "cross-site", "none", "garbage"])
def test_other_sec_fetch_site_values_need_an_allowed_origin(site: str) -> None:
    # once the browser says "not same origin", Origin == Host (a proxy can forge Host) is not enough
    assert not origin_allowed({"sec-fetch-site": site, "origin": "https://app.example", "host": "app.example"}, ALLOWED)
    assert origin_allowed({"sec-fetch-site": site, "origin": "https://partner.example"}, ALLOWED)


def test_origin_is_compared_with_host_when_sec_fetch_site_is_absent() -> None:
    assert origin_allowed({"origin": "http://127.0.0.1:8000", "host": "127.0.0.1:8000"})
    assert origin_allowed({"origin": "https://app.example", "host": "APP.example:443"})
    assert not origin_allowed({"origin": "https://app.example", "host": "app.example.evil"})
    assert not origin_allowed({"origin": "https://app.example"})  # no Host to compare with
    assert not origin_allowed({"origin": "https://app.example", "host": "app.example:x"})


def test_allowed_origins_are_the_last_resort() -> None:
    assert origin_allowed({"origin": "https://partner.example", "host": "app.example"}, ALLOWED)
    assert not origin_allowed({"origin": "https://partner.example", "host": "app.example"})


def test_no_browser_headers_is_not_a_cross_site_page() -> None:
    assert origin_allowed({}, ALLOWED)
    assert origin_allowed({"host": "app.example"})
