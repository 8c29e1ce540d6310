"""pickle-reactor: React-style Python components, server-rendered and hydrated in the browser by Pyodide.

Public names are loaded on first use, so that the browser imports only the core it needs and the
server never pays for the client runtime (nor the client for the server's wiring).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "h": "vdom",
    "Fragment": "vdom",
    "Markup": "vdom",
    "Element": "vdom",
    "ComponentElement": "vdom",
    "render_to_string": "ssr",
    "iter_render": "ssr",
    "component": "component",
    "use_state": "hooks",
    "use_reducer": "hooks",
    "use_effect": "hooks",
    "use_layout_effect": "hooks",
    "use_memo": "hooks",
    "use_callback": "hooks",
    "use_ref": "hooks",
    "create_context": "hooks",
    "use_context": "hooks",
    "use_id": "hooks",
    "use_action": "actions.client",
    "action": "actions",
    "ActionError": "actions.client",
    "Reactor": "reactor",
}

__all__ = sorted(_EXPORTS)

# `component` is also the name of a submodule: importing pickle_reactor.component from anywhere binds the
# module here and hides the lazily loaded decorator, so bind the decorator eagerly (component.py is tiny).
from .component import component  # noqa: E402

if TYPE_CHECKING:
    from .actions import action
    from .actions.client import ActionError, use_action
    from .component import component
    from .hooks import (
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
    from .reactor import Reactor
    from .ssr import iter_render, render_to_string
    from .vdom import ComponentElement, Element, Fragment, Markup, h


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'pickle_reactor' has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(list(globals()) + __all__)
