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

__all__ = ["BrowserBackend", "NodeHandle"]

_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False).encode


class BrowserBackend:
    """Applies op buffers through the JS kernel ``boot.mjs`` hands to ``pickle_reactor.client.start``."""

    __slots__ = ("_kernel", "_apply", "commits")

    def __init__(self, kernel: Any) -> None:
        self._kernel = kernel
        self._apply = kernel.apply  # looked up once: one JsProxy method, reused for every commit
        self.commits = 0

    def apply(self, ops: list[int | str]) -> None:
        """Apply one commit's op buffer: one Python -> JS call, whatever its size."""
        if ops:
            self._apply(_encode(ops))
            self.commits += 1

    def islands(self) -> list[tuple[str, str]]:
        """``(component name, props JSON)`` for every top-level island, in document order."""
        return [(name, props) for name, props in json.loads(self._kernel.islands())]

    def snapshot(self, index: int, first_id: int) -> list[int | str]:
        """Number island ``index`` (root ``first_id``, nodes after it) and describe its server DOM."""
        return json.loads(self._kernel.snapshot(index, first_id))  # type: ignore[no-any-return]

    def node(self, node_id: int) -> Any:
        """The DOM node with this id (a JsProxy), or None once it is gone."""
        return self._kernel.node(node_id)

    def schedule(self) -> None:
        """Ask for ``pickle_reactor.client.flush()`` in a microtask (coalesced by the kernel)."""
        self._kernel.schedule()

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
