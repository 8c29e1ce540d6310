"""Starlette and FastAPI adapter: one call wires a Reactor into an app, one global renders islands in Jinja2.

::

    from pickle_reactor.contrib.starlette import install

    templates = Jinja2Templates(directory="templates")
    install(app, reactor, templates=templates)   # middleware + mount + {{ component("Counter", initial=3) }}

FastAPI is Starlette, so the same call works on a ``FastAPI()`` app. ``install`` must run before the app
starts serving (Starlette builds its middleware stack on the first request).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pickle_reactor.asgi import DEFAULT_MAX_BUFFER, PickleReactorMiddleware

if TYPE_CHECKING:
    from pickle_reactor.reactor import Reactor
    from starlette.applications import Starlette
    from starlette.templating import Jinja2Templates

__all__ = ["component_global", "install", "install_templates"]


def component_global(reactor: Reactor) -> Any:
    """The Jinja2 global ``component(name, **props)``: the island as markup Jinja2 will not escape."""

    from markupsafe import Markup as JinjaMarkup  # Jinja2's own safe-string type

    def component(name: str, /, **props: Any) -> JinjaMarkup:
        return JinjaMarkup(str(reactor.island(name, **props)))

    return component


def install_templates(templates: Jinja2Templates, reactor: Reactor) -> None:
    """Add ``{{ component("Counter", initial=3) }}`` to a ``Jinja2Templates``' environment."""
    templates.env.globals["component"] = component_global(reactor)


def install(
    app: Starlette,
    reactor: Reactor,
    *,
    templates: Jinja2Templates | None = None,
    max_buffer: int = DEFAULT_MAX_BUFFER,
) -> None:
    """Add the bootstrap/CSP middleware, mount ``reactor.app`` at its prefix, and set up ``templates``.

    ``add_middleware`` wraps what is already there, so add ``GZipMiddleware`` *after* calling ``install``
    (not in ``Starlette(middleware=[...])``): pages must reach our middleware uncompressed. The mount goes
    first in the routing table so a catch-all route of the app cannot shadow it.
    """
    from starlette.routing import Mount

    app.add_middleware(PickleReactorMiddleware, reactor=reactor, max_buffer=max_buffer)
    app.router.routes.insert(0, Mount(reactor.prefix, app=reactor.app, name="pickle_reactor"))
    if templates is not None:
        install_templates(templates, reactor)
