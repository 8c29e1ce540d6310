"""The browser entry point: ``boot.mjs`` imports this module under Pyodide and calls ``start(kernel)``.

``start`` hydrates every island on the page through the reconciler (adopting the server DOM), then
``boot.mjs`` replays early events through :func:`dispatch`. After that the page is driven by five
functions JavaScript took once at start-up: :func:`dispatch` (every delegated DOM event, one JSON
string in, prevent-default flags out), :func:`flush` (updates scheduled from async tasks and effects,
run in a microtask), :func:`collect` (the garbage collection a large commit left for idle time), and
:func:`hydrate` / :func:`unmount` (islands arriving and leaving with a client navigation or a lazy
island's turn). Nothing else crosses from JS into Python, so the set of live
PyProxies is fixed after start-up.
"""

from __future__ import annotations

import json
import site
import sys
import traceback
from importlib import import_module
from pathlib import Path
from typing import Any

from .dom import BrowserBackend, count_nodes
from .stores import arrive

__all__ = ["collect", "dispatch", "flush", "hydrate", "refresh", "report_error", "resolve_component", "runtime", "start", "unmount"]

_state: dict[str, Any] = {"runtime": None, "backend": None, "debug": False, "errors": 0, "uncaught": None}


def runtime() -> Any:
    """The page's reconciler runtime (None before :func:`start`)."""
    return _state["runtime"]


def resolve_component(qualified_name: str) -> Any:
    """The component function an island names (``package.module.Name``), importing its module."""
    from ..core.component import registry

    fn = registry.get(qualified_name)
    if fn is None:
        module_name, _, attr = qualified_name.rpartition(".")
        if not module_name:
            raise LookupError(f"island component {qualified_name!r} is not a qualified name (module.Name)")
        module = import_module(module_name)
        fn = registry.get(qualified_name)
        if fn is None:
            value = getattr(module, attr, None)
            fn = getattr(value, "__wrapped__", None) if getattr(value, "__pr_component__", False) else None
        if fn is None:
            raise LookupError(f"island component {qualified_name!r}: {module_name} defines no @component {attr}")
    return fn


def _console(level: str, message: str) -> None:
    try:
        import js  # type: ignore[import-not-found]  # Pyodide's bridge to the page
    except ImportError:  # not in a browser (CPython tests)
        print(message, file=sys.stderr)
    else:
        getattr(js.console, level)(message)


def _show(message: str) -> None:
    """console.error, and in debug the in-page error overlay (as Next.js's) too."""
    _console("error", message)
    _state["errors"] += 1
    backend = _state["backend"]
    if _state["debug"] and backend is not None:
        try:
            backend.overlay(message)
        except Exception:  # noqa: BLE001 - the overlay is a convenience; the console has the error
            pass


def _on_error(report: Any) -> None:
    if not getattr(report, "caught", False):
        _state["uncaught"] = report  # an island hydrating now did not start cleanly (see _hydrate_all)
    _show(str(report))


def report_error(where: str, exc: BaseException) -> None:
    """Log a Python exception to the browser console with where it happened and its traceback."""
    text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    _show(f"pickle-reactor: {where}\n{text}")


def start(kernel: Any, prefix: str = "/_reactor") -> int:
    """Hydrate every island the kernel found; returns how many hydrated. Errors are logged per island."""
    from ..core.actions import configure
    from ..core.reconciler.root import Runtime, _CollectorPaused

    configure(prefix=prefix)
    # a large commit's garbage collection runs at idle, after the user sees the update
    _CollectorPaused.later = getattr(kernel, "collectSoon", None)
    backend = BrowserBackend(kernel)
    rt = Runtime(
        backend.apply,
        schedule=backend.schedule,
        node_handle=backend.handle,
        on_error=_on_error,
        on_warning=lambda message: _console("warn", message),
    )
    _state["backend"] = backend
    _state["runtime"] = rt
    _state["debug"] = bool(getattr(kernel, "debug", False))
    hydrated = 0
    backend.flushing_inline = True
    try:
        arrive()  # the page's per-request store values, before any island renders
        hydrated = _hydrate_all(rt, backend)
    finally:
        backend.flushing_inline = False
    return hydrated


def hydrate() -> int:
    """Hydrate the islands the kernel lists now (after a client navigation, or a lazy island's turn) on
    the running interpreter; returns how many hydrated."""
    rt, backend = _state["runtime"], _state["backend"]
    if rt is None:
        return 0
    backend.flushing_inline = True
    try:
        arrive()
        return _hydrate_all(rt, backend)
    finally:
        backend.flushing_inline = False


def unmount(payload: str) -> int:
    """Unmount the islands whose root ids ``payload`` lists (JSON), running every cleanup; returns how
    many were mounted. Called before a client navigation takes their DOM away."""
    rt = _state["runtime"]
    if rt is None:
        return 0
    wanted = set(json.loads(payload))
    done = 0
    for root in [root for root in rt.roots if root.id in wanted]:
        try:
            root.unmount()
            done += 1
        except Exception as exc:  # one failing cleanup must not keep the other islands mounted
            report_error(f"island #{root.id} failed to unmount", exc)
    return done


def refresh(bundle: Any) -> str:
    """Fast Refresh (debug): take a new bundle (its zip bytes) into the running interpreter and
    re-render every island; returns "" when done, "!error" when the new code failed (shown in the
    overlay; the page keeps its last good code), or why the page must reload instead."""
    from .refresh import apply_bundle

    rt, backend = _state["runtime"], _state["backend"]
    if rt is None:
        return "Python is not running"
    data = bundle.to_bytes() if hasattr(bundle, "to_bytes") else bytes(bundle)
    site_packages = Path(site.getsitepackages()[0])
    errors = _state["errors"]
    backend.flushing_inline = True
    try:
        result = apply_bundle(rt, data, site_packages)
    except Exception as exc:  # an import or render error: shown, and the page keeps its last good code
        report_error("Fast Refresh could not take the new code; fix the error and save again", exc)
        return "!error"
    finally:
        backend.flushing_inline = False
    if result.reload:
        return result.reload
    if _state["errors"] != errors:
        return "!error"  # a component failed to render the new code: the overlay shows it
    backend.overlay("")  # the code is good again: close the overlay
    if result.modules:
        _console("info", f"pickle-reactor: Fast Refresh: {', '.join(result.modules)} re-imported"
                 + (f"; remounted {', '.join(result.remounted)}" if result.remounted else ""))
    return ""


def _hydrate_all(rt: Any, backend: BrowserBackend) -> int:
    """Hydrate what the kernel lists; an island that cannot start (its module does not import, or it
    raises while rendering or in a first effect, uncaught) is reported to JS through ``failed``:
    JS marks it ``data-pr-error`` and ``pickleReactor.ready`` rejects listing it. An island the server
    could not render (``data-pr-error`` from the server) is rendered here instead of hydrated."""
    from ..core.nodes import ComponentElement

    hydrated = 0
    for index, (name, props_text, server_failed) in enumerate(backend.islands()):
        try:
            fn = resolve_component(name)
            props = json.loads(props_text)
        except Exception as exc:  # one broken island must not stop the others
            hint = _fix_for(name, exc)
            report_error(f"island <{name}> failed to hydrate: {hint}; its server HTML stays as it is", exc)
            backend.failed(index, name, f"{type(exc).__name__}: {exc} ({hint})")
            continue
        _state["uncaught"] = None
        try:
            container = rt.new_id()
            snapshot = backend.snapshot(index, container)
            # The snapshot numbered its nodes after the container: never hand those ids out again.
            rt.next_id = max(rt.next_id, container + 1 + count_nodes(snapshot))
            element = ComponentElement(fn, props, None)
            if server_failed:  # nothing to adopt: render it here (and warn of no mismatch)
                rt.create_root(container).render(element)
            else:
                rt.hydrate(container, snapshot, element)
        except Exception as exc:  # noqa: BLE001 - reported like an error inside the runtime
            report_error(f"island <{name}> failed to hydrate", exc)
            _state["uncaught"] = exc
        report = _state["uncaught"]
        _state["uncaught"] = None
        if report is None:
            hydrated += 1
            continue
        where = f"<{report.component}> ({report.phase})" if hasattr(report, "component") else "hydration"
        error = report.exception if hasattr(report, "exception") else report
        _console("error", f"pickle-reactor: island <{name}> did not start: {where} raised {error!r} (the "
                 "traceback is above); fix it, or wrap the part that fails in ErrorBoundary(fallback=...) "
                 "to show a fallback in its place")
        backend.failed(index, name, f"{where}: {type(error).__name__}: {error}")
    return hydrated


def _fix_for(name: str, exc: BaseException) -> str:
    """What to do when island ``name`` cannot be imported in the browser."""
    module = name.rpartition(".")[0]
    if isinstance(exc, ModuleNotFoundError) and exc.name:
        missing = exc.name
        if module == missing or module.startswith(missing + "."):
            return (f"the browser bundle has no module {module!r}: add it to Reactor(components=[...]) "
                    f"(Django: PICKLE_REACTOR['components'])")
        return (f"{module} imports {missing!r}, which is not in the browser bundle: modules that component "
                "modules import ship with them (import discovery), but not one imported only under a "
                "guard or by name; import it at the top of the component module, add a third-party "
                "package to Reactor(client_packages=[...]), or keep server-only code out of component modules")
    if isinstance(exc, LookupError):
        return f"check the island's name: {module} must define a @component {name.rpartition('.')[2]}"
    return f"importing {module} raised {type(exc).__name__}; see the traceback"


def dispatch(payload: str) -> int:
    """Deliver one DOM event (``[type, path, data]`` as JSON) to the handlers; returns the flags."""
    rt = _state["runtime"]
    if rt is None:
        return 0
    event_type, path, data = json.loads(payload)
    backend = _state["backend"]
    backend.flushing_inline = True  # dispatch flushes before it returns
    try:
        return int(rt.dispatch(event_type, path, data))
    except Exception as exc:
        report_error(f"{event_type} event failed", exc)
        return 0
    finally:
        backend.flushing_inline = False


def collect() -> None:
    """Run the garbage collection the last commits left for idle time (called from an idle callback)."""
    from ..core.reconciler.root import collect_now

    try:
        collect_now()
    except Exception as exc:
        report_error("garbage collection failed", exc)


def flush() -> None:
    """Render and commit what async tasks, effects and timers scheduled (called from a microtask)."""
    rt = _state["runtime"]
    if rt is not None:
        try:
            rt.flush()
        except Exception as exc:
            report_error("update failed", exc)
