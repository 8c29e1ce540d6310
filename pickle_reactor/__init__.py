"""pickle-reactor: React-style Python components, server-rendered and hydrated in the browser by Pyodide.

Public names are loaded on first use, so that the browser imports only the core it needs and the
server never pays for the client runtime (nor the client for the server's wiring).
"""

from __future__ import annotations

import sys
from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "h": "core.builders",
    "Fragment": "core.nodes",
    "Markup": "core.markup",
    "Element": "core.nodes",
    "ComponentElement": "core.nodes",
    "comment": "core.markup",
    "render_to_string": "core.serialize",
    "iter_render": "core.serialize",
    "component": "core.component",
    "use_state": "core.hooks",
    "use_reducer": "core.hooks",
    "use_effect": "core.hooks",
    "use_layout_effect": "core.hooks",
    "use_memo": "core.hooks",
    "use_callback": "core.hooks",
    "use_ref": "core.hooks",
    "create_context": "core.hooks",
    "use_context": "core.hooks",
    "use_id": "core.hooks",
    "use_debounced": "core.timing",
    "use_throttled": "core.timing",
    "VirtualList": "core.virtual_list",
    "use_sync_external_store": "core.external",
    "use_hydrated": "core.external",
    "memo": "core.memo",
    "create_portal": "core.portal",
    "use_action": "core.actions",
    "ActionError": "core.actions",
    "ErrorBoundary": "core.boundary",
    "signal": "core.signals",
    "computed": "core.signals",
    "effect": "core.signals",
    "batch": "core.signals",
    "create_store": "core.store",
    "use_store": "core.store",
    "Store": "core.store",
    "action": "server.actions",
    "Reactor": "reactor",
}

__all__ = sorted(_EXPORTS)

from .core.component import component  # noqa: E402  (the decorator is used by every component module)

if TYPE_CHECKING:
    from .core.actions import ActionError, use_action
    from .core.boundary import ErrorBoundary
    from .core.builders import h
    from .core.external import use_hydrated, use_sync_external_store
    from .core.hooks import (
        create_context,
        use_callback,
        use_context,
        use_effect,
        use_id,
        use_layout_effect,
        use_memo,
        use_reducer,
        use_ref,
        use_state,
    )
    from .core.markup import Markup, comment
    from .core.memo import memo
    from .core.nodes import ComponentElement, Element, Fragment
    from .core.portal import create_portal
    from .core.serialize import iter_render, render_to_string
    from .core.signals import batch, computed, effect, signal
    from .core.store import Store, create_store, use_store
    from .core.timing import use_debounced, use_throttled
    from .core.virtual_list import VirtualList
    from .reactor import Reactor
    from .server.actions import action


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'pickle_reactor' has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), name)
    if module == "core.serialize" and sys.platform != "emscripten":
        from . import server  # noqa: F401 - on the server, rendering compiles components (ssr_compiler.py)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(list(globals()) + __all__)
