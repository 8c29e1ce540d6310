"""The Django sample project as real servers, in Chromium: under uvicorn (ASGI) and under Django's own
WSGI dev server (``manage.py runserver --noreload``). Hydrate, interact, actions with Django's CSRF
token, validation errors, the strict CSP, and the ordinary page beside the islands."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .sample_todo_flow import assert_plain_page, exercise_app, exercise_navigation, exercise_shop
from .servers import ROOT, free_port, serve, uvicorn

PROJECT = ROOT / "sample_projects" / "django_todo"


def migrated_db(tmp_path: Path) -> dict[str, str]:
    env = {"TODO_DB": str(tmp_path / "db.sqlite3"), "PYTHONPATH": str(ROOT)}
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput"], cwd=PROJECT, check=True,
                   env={**__import__("os").environ, **env}, capture_output=True)
    return env


@pytest.fixture(scope="module", params=["asgi-uvicorn", "wsgi-runserver"])
def base_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    env = migrated_db(tmp_path_factory.mktemp("django-todo"))
    port = free_port()
    if request.param == "asgi-uvicorn":
        server = uvicorn("django_todo.asgi:application", port, cwd=PROJECT, env=env)
    else:
        server = serve(["manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"], port, cwd=PROJECT, env=env)
    with server as base:
        yield base


def test_todo_app_hydrates_and_every_island_works(page: Any, base_url: str) -> None:
    exercise_app(page, base_url, "Renew the passport")


def test_islands_page_sets_the_csrf_cookie_the_actions_send(page: Any, base_url: str) -> None:
    page.goto(base_url + "/")
    cookies = {c["name"]: c for c in page.context.cookies()}
    assert "csrftoken" in cookies and not cookies["csrftoken"]["httpOnly"]


def test_action_without_the_csrf_token_is_refused(base_url: str) -> None:
    import json
    import urllib.error
    import urllib.request

    request = urllib.request.Request(
        base_url + "/_reactor/actions/sample_projects.todo_components.actions.add_todo",
        data=json.dumps({"title": "sneaky"}).encode(), method="POST",
        headers={"Content-Type": "application/json", "Origin": base_url},
    )
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(request, timeout=30)
    assert caught.value.code == 403
    assert caught.value.headers["Content-Type"] == "application/problem+json"


def test_ordinary_page_lives_beside_the_islands(page: Any, base_url: str) -> None:
    assert_plain_page(page, base_url + "/about/")


def test_client_navigation_between_island_pages(page: Any, base_url: str) -> None:
    exercise_navigation(page, base_url, "/more/", "Fetched client-side")


def test_shop_islands_share_the_cart_store(page: Any, base_url: str) -> None:
    exercise_shop(page, base_url + "/shop/")
