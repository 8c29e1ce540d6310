"""``path("_reactor/", include("pickle_reactor.contrib.django.urls"))``: the client assets and the actions."""

from __future__ import annotations

from django.urls import path

from . import views

app_name = "pickle_reactor"

urlpatterns = [
    path("actions/<str:name>", views.action, name="action"),
    path("<path:path>", views.asset, name="asset"),
]
