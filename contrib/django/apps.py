"""The Django app config: ``INSTALLED_APPS += ["pickle_reactor.contrib.django"]``."""

from __future__ import annotations

from django.apps import AppConfig


class PickleReactorConfig(AppConfig):
    """Registers the template tag library, the system checks and the settings-change hook."""

    name = "pickle_reactor.contrib.django"
    label = "pickle_reactor"
    verbose_name = "pickle-reactor"

    def ready(self) -> None:
        from . import checks, conf  # noqa: F401  (importing registers the checks and the signal receiver)
