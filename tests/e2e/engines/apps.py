"""The sample projects behind the test harness, for uvicorn: ``tests.e2e.engines.apps:starlette``
and ``tests.e2e.engines.apps:django`` (run from ``sample_projects/django_todo`` with ``TODO_DB`` migrated)."""

from __future__ import annotations

from typing import Any

from .harness import Harness


def __getattr__(name: str) -> Any:  # import only the sample the server was started for
    if name == "starlette":
        from sample_projects.starlette_todo.app import app

        return Harness(app)
    if name == "django":
        from django_todo.asgi import application  # type: ignore[import-not-found]

        return Harness(application)
    raise AttributeError(name)
