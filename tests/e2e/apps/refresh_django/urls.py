from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.urls import include, path

PAGE = engines["django"].from_string(
    '{% load pickle_reactor %}<!doctype html><html lang="en"><head><meta charset="utf-8"><title>live</title>'
    '</head><body>{% component "Counter" %}</body></html>'
)


def home(request: HttpRequest) -> HttpResponse:
    return HttpResponse(PAGE.render({}, request))


def favicon(request: HttpRequest) -> HttpResponse:
    return HttpResponse(status=204)


urlpatterns = [
    path("", home),
    path("favicon.ico", favicon),
    path("_reactor/", include("pickle_reactor.contrib.django.urls")),
]
