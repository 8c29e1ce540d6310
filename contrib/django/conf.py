"""``settings.PICKLE_REACTOR``, read once into one ``Reactor`` shared by the tag, the views and the middleware.

The keys are ``Reactor``'s keyword arguments (``components``, ``actions``, ``pyodide``, ``prefix``, ...).
When ``prefix`` is left out it is taken from where ``pickle_reactor.contrib.django.urls`` is included, so
the URLconf stays the single source of truth. Tests that change the setting get a fresh Reactor through
Django's ``setting_changed`` signal.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import NoReverseMatch, reverse

if TYPE_CHECKING:
    from pickle_reactor.reactor import Reactor

__all__ = ["SETTING", "URL_NAMESPACE", "get_reactor", "reset", "url_prefix", "user_settings"]

SETTING = "PICKLE_REACTOR"
URL_NAMESPACE = "pickle_reactor"

_lock = threading.Lock()
_reactor: Reactor | None = None


def user_settings() -> dict[str, Any]:
    """A copy of ``settings.PICKLE_REACTOR`` (empty when unset), checked to be a mapping."""
    value = getattr(settings, SETTING, {})
    if not isinstance(value, Mapping):
        raise ImproperlyConfigured(f"settings.{SETTING} must be a dict of Reactor options, got {type(value).__name__}")
    return dict(value)


def url_prefix() -> str | None:
    """Where the app's URLconf includes our urls (``/_reactor``), or None when it does not."""
    try:
        probe = reverse(f"{URL_NAMESPACE}:asset", kwargs={"path": "x"})
    except NoReverseMatch:
        return None
    return probe[: -len("/x")]


def get_reactor() -> Reactor:
    """The project's ``Reactor``, built on first use from ``settings.PICKLE_REACTOR``."""
    global _reactor
    if _reactor is None:
        with _lock:
            if _reactor is None:
                _reactor = _build()
    return _reactor


def _build() -> Reactor:
    from pickle_reactor.reactor import Reactor

    options = user_settings()
    # Fast Refresh and the error overlay follow Django's DEBUG unless the setting says otherwise.
    options.setdefault("debug", bool(getattr(settings, "DEBUG", False)))
    if "prefix" not in options:
        prefix = url_prefix()
        if prefix is None:
            raise ImproperlyConfigured(
                f"pickle-reactor: include('pickle_reactor.contrib.django.urls') in your URLconf "
                f"(for example path('_reactor/', include(...))) or set settings.{SETTING}['prefix']"
            )
        options["prefix"] = prefix
    try:
        return Reactor(**options)
    except TypeError as exc:
        raise ImproperlyConfigured(f"settings.{SETTING}: {exc}") from exc


def reset() -> None:
    """Forget the built Reactor (the next use rebuilds it from the current settings)."""
    global _reactor
    with _lock:
        _reactor = None


@receiver(setting_changed)
def _on_setting_changed(*, setting: str, **kwargs: Any) -> None:
    if setting in (SETTING, "ROOT_URLCONF", "FORCE_SCRIPT_NAME"):
        reset()
