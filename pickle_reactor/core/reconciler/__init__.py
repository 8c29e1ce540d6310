"""The reconciler: a component tree, batched renders, a keyed diff and one op buffer per commit.

Modules, one job each: ``ops`` (the buffer format), ``fibers`` (the mounted tree), ``diff`` (one
node), ``children`` (a keyed child list), ``props`` (attributes and live properties), ``hydrate``
(adopt server HTML), ``scheduler`` (batching), ``root`` (runtime, roots, commits, event dispatch),
``errors`` (what is reported), ``tasks`` (async handlers and effects) and ``bindings`` (signals:
components that re-render on what they read, DOM nodes bound to a signal).
"""

from __future__ import annotations

from .errors import ErrorReport
from .root import Root, Runtime

__all__ = ["ErrorReport", "Root", "Runtime"]
