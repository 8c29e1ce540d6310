"""A URLconf that forgot ``include("pickle_reactor.contrib.django.urls")`` (for check W003)."""

from django.http import HttpResponse
from django.urls import path

urlpatterns = [path("", lambda request: HttpResponse("home"))]
