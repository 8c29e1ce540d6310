"""A small URLconf for the adapter tests: pages with and without islands, and our include."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.urls import include, path

PAGE = "<!doctype html><html><body>{}</body></html>"


def island_page(request: HttpRequest) -> HttpResponse:
    template = engines["django"].from_string(
        PAGE.format('{% load pickle_reactor %}<main>{% component "Greeting" name=who times=2 %}</main>')
    )
    response = HttpResponse(template.render({"who": request.GET.get("who", "Ada")}, request))
    response["Content-Length"] = str(len(response.content))
    response["ETag"] = '"page-v1"'  # describes the page before the bootstrap went in
    return response


def plain_page(request: HttpRequest) -> HttpResponse:
    return HttpResponse(PAGE.format("<p>no islands here</p>"))


def own_csp_page(request: HttpRequest) -> HttpResponse:
    """A view that sets its own policy, with a nonce, as an app without CSP middleware might."""
    template = engines["django"].from_string(PAGE.format('{% load pickle_reactor %}{% component "Greeting" %}'))
    response = HttpResponse(template.render({}, request))
    response["Content-Security-Policy"] = "default-src 'self'; script-src 'self' 'nonce-abc123' 'strict-dynamic'"
    return response


def json_page(request: HttpRequest) -> HttpResponse:
    return HttpResponse('{"html": "<pr-island"}', content_type="application/json")


urlpatterns = [
    path("island/", island_page),
    path("plain/", plain_page),
    path("own-csp/", own_csp_page),
    path("json/", json_page),
    path("_reactor/", include("pickle_reactor.contrib.django.urls")),
]
