"""``Reactor``: the one configuration object every adapter shares (API.md §6).

It owns the allow-lists, renders islands, and answers the questions the middleware and the adapters
ask: which tags bootstrap the page, what the CSP must allow, where the assets live, and which ASGI app
serves them. Nothing here imports a host framework; pydantic is imported only when actions are served.
"""

from __future__ import annotations

import difflib
import importlib
import json
import logging
import os
import threading
from collections.abc import Callable, Iterable
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from .core.component import registry as component_registry
from .core.markup import Markup, escape_attr
from .core.nodes import ComponentElement
from .core.serialize import render_to_string
from .core.store import Store, provide, request_scope, take_seeds
from .server.assets import sri
from .server.bundle import Bundle, BundleError, get_bundle
from .server.discovery import discover
from .server.islands import (
    ISLAND_ERRORS,
    check_island_options,
    island_markup,
    props_json,
    stores_markup,
)
from .server.pyodide_dist import PYODIDE_VERSION, default_pyodide_dir, missing_files
from .server.security import STRICT_DEFAULT_POLICY, TRUSTED_TYPES_POLICY, merge_header

if TYPE_CHECKING:
    from .server.actions.dispatch import ActionDispatcher
    from .server.assets import ReactorApp

__all__ = ["DEFAULT", "AmbiguousComponent", "BundleError", "PyodideMissing", "Reactor", "UnknownComponent"]

logger = logging.getLogger("pickle_reactor")


class _Default:
    def __repr__(self) -> str:
        return "DEFAULT"


DEFAULT: Any = _Default()  # "use the strict default policy" for ``csp=``; None disables it


class UnknownComponent(LookupError):
    """An island names a component that is not in an allow-listed module."""


class AmbiguousComponent(LookupError):
    """A short component name that several allow-listed modules define."""


class PyodideMissing(RuntimeError):
    """``pyodide="local"`` but the local copy is not there."""


def _module_list(setting: str, value: Iterable[str] | str) -> tuple[str, ...]:
    if isinstance(value, str):
        raise TypeError(f"Reactor({setting}=...) takes a list of module names, not the string {value!r}: "
                        f"write {setting}=[{value!r}]")
    modules = tuple(value)
    for module in modules:
        if not isinstance(module, str) or not module:
            raise TypeError(f"Reactor({setting}=...): {module!r} is not a module name")
    return modules


def _check_prefix(prefix: str) -> str:
    if not isinstance(prefix, str) or not prefix.startswith("/") or any(c in prefix for c in "\"'<>?#\\ \t\n"):
        raise ValueError(f"Reactor(prefix={prefix!r}): the prefix is a URL path such as '/_reactor'")
    return prefix.rstrip("/") or ""


def _pyodide_base(pyodide: str, prefix: str) -> str:
    if pyodide == "local":
        return f"{prefix}/pyodide/"
    parts = urlsplit(pyodide) if isinstance(pyodide, str) else None
    if parts is None or parts.scheme not in ("https", "http") or not parts.netloc or any(c in pyodide for c in "\"'<> "):
        raise ValueError(
            f"Reactor(pyodide={pyodide!r}): use 'local' (served from a local copy, see "
            "`python -m pickle_reactor pyodide fetch`) or a base URL such as "
            f"'https://cdn.jsdelivr.net/pyodide/v{PYODIDE_VERSION}/full/'"
        )
    return pyodide if pyodide.endswith("/") else pyodide + "/"


def _reuses_fetch_preloads(user_agent: str | None) -> bool:
    """False for WebKit (Safari, every iOS browser, WebKitGTK): it downloads a ``<link rel=preload
    as=fetch>`` and then downloads the file again for the ``fetch()`` it was meant for, whatever the
    fetch's mode and credentials (measured in WebKitGTK 2.50: 13 requests instead of 9, the wasm and
    the stdlib twice). Chromium-based browsers say ``AppleWebKit/`` too, and also ``Chrome/``.
    Unknown or absent: the hints are kept (the common case gains, WebKit only loses bytes)."""
    ua = user_agent or ""
    return "AppleWebKit/" not in ua or "Chrome/" in ua or "Chromium/" in ua


class Reactor:
    """Configuration shared by the Starlette and Django adapters; see API.md §6 and docs/reactor.md."""

    def __init__(
        self,
        components: Iterable[str] = (),
        actions: Iterable[str] = (),
        pyodide: str = "local",
        prefix: str = "/_reactor",
        csp: str | None = DEFAULT,
        allowed_origins: Iterable[str] = (),
        max_body: int = 1_000_000,
        pyodide_dir: str | os.PathLike[str] | None = None,
        preload: bool = True,
        debug: bool = False,
        navigation: bool = False,
        client_packages: Iterable[str] = (),
        island_errors: str | None = None,
    ) -> None:
        self.component_modules = _module_list("components", components)
        self.action_modules = _module_list("actions", actions)
        self.client_packages = _module_list("client_packages", client_packages)
        self.prefix = _check_prefix(prefix)
        self.pyodide = pyodide
        self.pyodide_url = _pyodide_base(pyodide, self.prefix)
        self.pyodide_dir: Path | None = (
            (Path(pyodide_dir).expanduser() if pyodide_dir is not None else default_pyodide_dir())
            if pyodide == "local" else None
        )
        self.allowed_origins = tuple(allowed_origins)
        if isinstance(max_body, bool) or not isinstance(max_body, int) or max_body <= 0:
            raise ValueError(f"Reactor(max_body={max_body!r}): a positive number of bytes")
        self.max_body = max_body
        self.preload = preload
        self.debug = debug
        if not isinstance(navigation, bool):
            raise TypeError(f"Reactor(navigation={navigation!r}): True or False")
        self.navigation = navigation
        if island_errors is None:
            island_errors = "raise" if debug else "render"
        if island_errors not in ISLAND_ERRORS:
            raise ValueError(
                f"Reactor(island_errors={island_errors!r}): \"raise\" (the page fails, as in debug) or "
                "\"render\" (the island renders empty, marked data-pr-error; the traceback is logged)"
            )
        self.island_errors = island_errors
        self.components = self._find_components()
        # What ships is decided now, at start-up: an import the browser cannot run fails here (with its
        # chain and the fix), never when the first page asks for the bundle.
        problems = self.bundle_problems()
        if problems:
            raise BundleError("the client bundle cannot be built:\n" + "\n".join(problems), problems)
        self._short_names: dict[str, list[str]] = {}
        for qualified, fn in self.components.items():
            self._short_names.setdefault(fn.__qualname__, []).append(qualified)
        if csp is None:
            self.default_csp: str | None = None
        else:
            base = STRICT_DEFAULT_POLICY if csp is DEFAULT else csp
            if not isinstance(base, str):
                raise TypeError(f"Reactor(csp={csp!r}): a policy string, or None to send no default policy")
            self.default_csp = merge_header(base, self.csp_additions())
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return (f"Reactor(components={list(self.component_modules)!r}, actions={list(self.action_modules)!r}, "
                f"client_packages={list(self.client_packages)!r}, "
                f"pyodide={self.pyodide!r}, prefix={self.prefix!r})")

    # -- components and islands -------------------------------------------------------------------

    def _find_components(self) -> dict[str, Callable[..., Any]]:
        found: dict[str, Callable[..., Any]] = {}
        for module_name in self.component_modules:
            module = importlib.import_module(module_name)  # runs its @component decorators
            for value in vars(module).values():  # components bound to names, registered or not
                fn = getattr(value, "__wrapped__", None) if getattr(value, "__pr_component__", False) else None
                if fn is not None and fn.__module__ == module_name:
                    found[f"{module_name}.{fn.__qualname__}"] = fn
            for qualified, fn in component_registry.items():
                if fn.__module__ == module_name:
                    found.setdefault(qualified, fn)
        return found

    def resolve(self, name: str) -> str:
        """The qualified name of a component given its short (``Counter``) or qualified name."""
        if name in self.components:
            return name
        matches = self._short_names.get(name, [])
        if len(matches) == 1:
            return matches[0]
        if matches:
            raise AmbiguousComponent(
                f"{name!r} names several components: {', '.join(sorted(matches))}; use the qualified name"
            )
        choices = sorted({*self._short_names, *self.components})
        close = difflib.get_close_matches(name, choices, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        modules = ", ".join(self.component_modules) or "none"
        raise UnknownComponent(
            f"{name!r} is not a component of the allow-listed modules (components=[{modules}]){hint}"
        )

    def island(self, name: str, /, *, persist: str | None = None, hydrate: str = "load", **props: Any) -> Markup:
        """Server-render an allow-listed component as an island the browser hydrates.

        ``hydrate`` says when: ``"load"`` (at once), ``"idle"``, ``"visible"`` or ``"interaction"``;
        ``persist="name"`` keeps the island's DOM and state across client navigations to pages that
        render an island with the same name.
        """
        qualified = self.resolve(name)
        check_island_options(qualified, persist, hydrate)
        data = props_json(qualified, props)
        try:
            html = render_to_string(ComponentElement(self.components[qualified], props, None))
        except Exception as exc:
            if self.island_errors == "raise":
                raise  # its notes name the component stack ("while rendering <X> on the server")
            logger.error("pickle-reactor: island <%s> failed to render on the server; it is sent empty, "
                         "marked data-pr-error, and the browser renders it", qualified, exc_info=exc)
            markup = island_markup(qualified, data, "", persist=persist, hydrate=hydrate, error=True)
        else:
            markup = island_markup(qualified, data, html, persist=persist, hydrate=hydrate)
        seeds = take_seeds()  # this request's store values travel once, before the first island
        return Markup(stores_markup(seeds) + markup) if seeds else markup

    # -- per-request store values -----------------------------------------------------------------

    def provide(self, store: Store[Any], value: Any) -> None:
        """Give ``store`` this value for the current request (the signed-in user's cart, say): the
        islands of this page render with it, and the browser's store starts from it (sent once per
        page, as JSON, before the first island). Other requests never see it. TypeError naming the
        store and the field when the value is mutable or not JSON-serialisable."""
        provide(store, value)

    def request_scope(self) -> Any:
        """A context manager giving the code inside its own store values (``provide``). The middlewares
        (ASGI and Django) open one per request; use it where pages render without them."""
        return request_scope()

    # -- page bootstrap and CSP -------------------------------------------------------------------

    @property
    def asset_urls(self) -> dict[str, str]:
        """Where the browser finds everything: ``boot``, ``navigation``, ``bundle``, ``pyodide`` (base, ends
        in /), ``actions``."""
        app = self.app
        return {
            "boot": f"{self.prefix}/{app.boot.name}",
            "navigation": f"{self.prefix}/{app.navigation.name}",
            "bundle": f"{self.prefix}/{self.bundle.filename}",
            "pyodide": self.pyodide_url,
            "actions": f"{self.prefix}/actions/",
        }

    def bootstrap_html(self, nonce: str | None = None, *, islands: bool = True, user_agent: str | None = None) -> str:
        """The tags the middleware inserts before ``</body>``: preloads, then the boot module.

        ``islands=False`` is for a page without islands that carries the bootstrap only for client
        navigation: no preloads, since no Python starts there until a page with islands arrives.
        ``user_agent`` (the request's header) leaves out the ``as=fetch`` preloads for WebKit, which
        would download those files twice (see ``_reuses_fetch_preloads``).
        """
        urls = self.asset_urls
        nonce_attr = f' nonce="{escape_attr(nonce)}"' if nonce else ""
        cross = "" if self.pyodide == "local" else " crossorigin"
        digests = self.integrity()

        def sri(url: str) -> str:
            return f' integrity="{escape_attr(digests[url])}"'

        tags: list[str] = []
        if self.preload and islands:
            # Start every download loadPyodide() and boot.mjs make at once, in parallel, while the page
            # parses. Credentials mode must match the later fetch() (same-origin) or the browser
            # downloads twice: that is what `crossorigin` (anonymous) means for these. A modulepreload
            # carries the module's integrity (the module map keeps the checked module for import()). An
            # as=fetch preload does not: Chromium ignores integrity there (with a console warning,
            # crbug.com/981419); boot.mjs's fetch() asks for it, reuses the preload and checks the bytes.
            tags.append(f'<link rel="modulepreload" href="{escape_attr(urls["boot"])}"{sri(urls["boot"])}{nonce_attr}>')
            if self.navigation:
                tags.append(f'<link rel="modulepreload" href="{escape_attr(urls["navigation"])}"{sri(urls["navigation"])}{nonce_attr}>')
            for file in ("pyodide.mjs", "pyodide.asm.mjs"):
                href = urls["pyodide"] + file
                tags.append(f'<link rel="modulepreload" href="{escape_attr(href)}"{sri(href)}{cross}{nonce_attr}>')
            fetched = [urls["bundle"]] + [urls["pyodide"] + f for f in ("pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")]
            for href in fetched if _reuses_fetch_preloads(user_agent) else ():
                tags.append(f'<link rel="preload" as="fetch" href="{escape_attr(href)}" crossorigin{nonce_attr}>')
        debug = " data-pr-debug" if self.debug else ""
        if self.navigation:
            debug += " data-pr-navigation"
        # boot.mjs imports and fetches only what this map names, each with its digest (browser/boot.mjs).
        checked = json.dumps({url: digest for url, digest in digests.items() if url != urls["boot"]},
                             separators=(",", ":"))
        tags.append(
            f'<script type="module" src="{escape_attr(urls["boot"])}"{sri(urls["boot"])} '
            f'data-pr-bundle="{escape_attr(urls["bundle"])}" '
            f'data-pr-pyodide="{escape_attr(urls["pyodide"])}" data-pr-prefix="{escape_attr(self.prefix)}" '
            f'data-pr-integrity="{escape_attr(checked)}"{debug}{nonce_attr}></script>'
        )
        return "".join(tags)

    def integrity(self) -> dict[str, str]:
        """URL -> Subresource Integrity digest (sha384) of every file the browser loads for us: the boot
        module and the companions this configuration loads, the bundle, and Pyodide's runtime files
        (computed once, at start, from the bytes served; pinned for a CDN)."""
        app = self.app
        urls = self.asset_urls
        used = (app.boot, app.worker, *((app.navigation,) if self.navigation else ()), *((app.dev,) if self.debug else ()))
        digests = {f"{self.prefix}/{asset.name}": asset.integrity for asset in used}
        bundle = self.bundle  # in debug a rebuilt bundle replaces the one the app started with
        digests[urls["bundle"]] = app.bundle.integrity if bundle.filename == app.bundle.name else sri(bundle.data)
        digests.update({urls["pyodide"] + name: digest for name, digest in app.pyodide_integrity.items()})
        return digests

    def csp_additions(self) -> dict[str, list[str]]:
        """Sources our scripts need, per directive: same-origin boot/bundle/actions, wasm, and a CDN origin."""
        script = ["'self'", "'wasm-unsafe-eval'"]
        connect = ["'self'"]
        if self.pyodide != "local":
            parts = urlsplit(self.pyodide_url)
            origin = f"{parts.scheme}://{parts.netloc}"
            script.append(origin)
            connect.append(origin)
        return {"script-src": script, "connect-src": connect, "trusted-types": [TRUSTED_TYPES_POLICY]}

    # -- assets and actions -----------------------------------------------------------------------

    @property
    def bundle(self) -> Bundle:
        """The client bundle (built on first use, once per process)."""
        return get_bundle(self.component_modules, self.action_modules, self.prefix, self.client_packages)

    def bundle_problems(self) -> list[str]:
        """Imports of the component modules that cannot run in the browser, and bad ``client_packages``."""
        return discover(self.component_modules, self.action_modules, self.client_packages).problems

    def bundle_warnings(self) -> list[str]:
        """What ships but is misconfigured: an action module a component imports that is not listed."""
        return discover(self.component_modules, self.action_modules, self.client_packages).warnings

    def check(self) -> list[str]:
        """Problems that stop the app from serving pages (for start-up and Django's system checks)."""
        return self.bundle_problems() + self._pyodide_problems()

    def _pyodide_problems(self) -> list[str]:
        problems = []
        if self.pyodide_dir is not None:
            missing = missing_files(self.pyodide_dir)
            if missing:
                problems.append(
                    f"Pyodide {PYODIDE_VERSION} is not in {self.pyodide_dir} (missing {', '.join(missing)}): "
                    "run `python -m pickle_reactor pyodide fetch`"
                    + ("" if self.pyodide_dir == default_pyodide_dir() else f" --dir {self.pyodide_dir}")
                    + ", or set Reactor(pyodide='<CDN base URL>')"
                )
        return problems

    @cached_property
    def dispatcher(self) -> ActionDispatcher:
        """The action dispatcher for the allow-listed action modules (imports pydantic)."""
        from .server.actions.dispatch import ActionDispatcher

        return ActionDispatcher(self.action_modules, allowed_origins=self.allowed_origins, max_body=self.max_body)

    @cached_property
    def app(self) -> ReactorApp:
        """The ASGI app to mount at ``prefix``: boot module, bundle, Pyodide files and action routes.

        Raises :class:`PyodideMissing` at once (at start-up, where the app is mounted) when
        ``pyodide="local"`` has no local copy.
        """
        problems = self._pyodide_problems()
        if problems:
            raise PyodideMissing("; ".join(problems))
        from .server.assets import ReactorApp

        return ReactorApp(self)
