"""A small Starlette todo app with pickle-reactor islands beside an ordinary page.

Run it with ``make demo`` (``uvicorn sample_projects.starlette_todo.app:app``). ``TODO_DB`` picks the
SQLite file (default: ``todos.sqlite3`` beside this module).
"""

from __future__ import annotations

import os
from pathlib import Path

from pickle_reactor.contrib.starlette import install
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from pickle_reactor import Reactor
from sample_projects.todo_components.actions import use_store
from sample_projects.todo_components.cart import PRODUCTS

from .store import DEFAULT_PATH, SqliteTodoStore

HERE = Path(__file__).resolve().parent

store = SqliteTodoStore(os.environ.get("TODO_DB", DEFAULT_PATH))
use_store(store)

reactor = Reactor(
    components=["sample_projects.todo_components.components"],
    actions=["sample_projects.todo_components.actions"],
    pyodide="local",
    navigation=True,  # links between pages keep Python running (and the persistent counter's state)
)
templates = Jinja2Templates(directory=HERE / "templates")


async def home(request: Request) -> Response:
    todos = [todo.model_dump() for todo in store.all()]
    return templates.TemplateResponse(request, "index.html", {"todos": todos})


async def more(request: Request) -> Response:
    return templates.TemplateResponse(request, "more.html", {})


async def shop(request: Request) -> Response:
    return templates.TemplateResponse(request, "shop.html", {"products": PRODUCTS})


async def about(request: Request) -> Response:
    return templates.TemplateResponse(request, "about.html", {"count": len(store.all())})


app = Starlette(
    routes=[
        Route("/", home, name="home"),
        Route("/more", more, name="more"),
        Route("/shop", shop, name="shop"),
        Route("/about", about, name="about"),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ],
)
install(app, reactor, templates=templates)
