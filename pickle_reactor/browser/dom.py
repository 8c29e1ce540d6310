"""The Pyodide DOM backend: a commit's ops cross into JavaScript in one call, as one JSON string.

Python never holds DOM nodes and JavaScript never holds per-element Python objects: nodes are named by
integer ids (docs/architecture.md), ``boot.mjs``'s kernel keeps the id -> node table, and events come
back as ids. So no PyProxy is created per element, per commit or per event, and none can leak.

JSON (``json.dumps`` in C, ``JSON.parse`` in V8) beats ``pyodide.ffi.to_js`` on a list of mixed ints
and strings: ``to_js`` converts element by element across the wasm boundary (see
benchmarks/README.md, "Client", for the measurement).
"""

from __future__ import annotations

import json
from typing import Any

__all__ = ["BrowserBackend", "NodeHandle", "count_nodes"]

_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False).encode


def count_nodes(snapshot: list[int | str]) -> int:
    """How many nodes a hydration snapshot describes (elements: ``1 tag ns n a1 v1 ... kids``, text: ``3 data``)."""
    count = i = 0
    n = len(snapshot)
    while i < n:
        count += 1
        if snapshot[i] == 3:
            i += 2
        else:
            i += 5 + 2 * int(snapshot[i + 3])
    return count


class BrowserBackend:
    """Applies op buffers through the JS kernel ``boot.mjs`` hands to ``pickle_reactor.browser.client.start``."""

    __slots__ = ("_kernel", "_apply", "_schedule", "commits", "flushing_inline")

    def __init__(self, kernel: Any) -> None:
        self._kernel = kernel
        self._apply = kernel.apply  # looked up once: one JsProxy method, reused for every commit
        self._schedule = kernel.schedule
        self.commits = 0
        # True while Python runs because JS called it (an event, start-up): the runtime flushes before
        # returning, so a microtask flush would only cost one more JS -> Python call for nothing.
        self.flushing_inline = False

    def apply(self, ops: list[int | str]) -> None:
        """Apply one commit's op buffer: one Python -> JS call, whatever its size."""
        if ops:
            self._apply(_encode(ops))
            self.commits += 1

    def islands(self) -> list[tuple[str, str, bool]]:
        """``(component name, props JSON, failed on the server)`` for every top-level island, in
        document order (the third: its element has ``data-pr-error`` from the server)."""
        return [(entry[0], entry[1], len(entry) > 2 and bool(entry[2])) for entry in json.loads(self._kernel.islands())]

    def failed(self, index: int, component: str, message: str) -> None:
        """Island ``index`` could not start: JS marks it ``data-pr-error`` and ``ready`` rejects."""
        report = getattr(self._kernel, "failed", None)
        if report is not None:
            report(index, component, message)

    def snapshot(self, index: int, first_id: int) -> list[int | str]:
        """Number island ``index`` (root ``first_id``, nodes after it) and describe its server DOM."""
        return json.loads(self._kernel.snapshot(index, first_id))  # type: ignore[no-any-return]

    def node(self, node_id: int) -> Any:
        """The DOM node with this id (a JsProxy), or None once it is gone."""
        return self._kernel.node(node_id)

    def overlay(self, message: str) -> None:
        """Show ``message`` in the debug error overlay ("" hides it); kernels without one ignore it."""
        show = getattr(self._kernel, "overlay", None)
        if show is not None:
            show(message)

    def schedule(self) -> None:
        """Ask for ``pickle_reactor.browser.client.flush()`` in a microtask (coalesced by the kernel)."""
        if not self.flushing_inline:
            self._schedule()

    def handle(self, node_id: int) -> NodeHandle:
        """What ``ref.current`` holds for the element with this id."""
        return NodeHandle(self, node_id)


class NodeHandle:
    """A ref's view of a DOM node: resolves the node by id on each use, so Python pins no JS object.

    Attribute access goes to the node (``ref.current.focus()``, ``ref.current.value``); ``.node`` is the
    JsProxy itself for code that needs it.
    """

    __slots__ = ("_backend", "id")

    def __init__(self, backend: BrowserBackend, node_id: int) -> None:
        self._backend = backend
        self.id = node_id

    @property
    def node(self) -> Any:
        node = self._backend.node(self.id)
        if node is None:
            raise LookupError(f"DOM node #{self.id} is no longer mounted")
        return node

    def __getattr__(self, name: str) -> Any:
        return getattr(self.node, name)

    def __setattr__(self, name: str, value: Any) -> None:
        if name in NodeHandle.__slots__:
            object.__setattr__(self, name, value)
        else:
            setattr(self.node, name, value)

    def __repr__(self) -> str:
        return f"<NodeHandle #{self.id}>"
