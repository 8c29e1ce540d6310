"""Memory-snapshot support: what runs in the interpreter that is snapshotted, and after a restore.

``boot.mjs`` can start Python from a Pyodide memory snapshot (docs/browser.md, "Start-up from a memory
snapshot"). The snapshot is a copy of the interpreter's heap taken in a Worker, so two things must be
done in Python around it:

- :func:`prepare` (in the snapshotting instance, before the snapshot): import the client and the
  component modules of the page's islands, so a restored interpreter has them in ``sys.modules``
  (their files are unpacked again after a restore, for tracebacks and for modules imported later).
  It never touches ``js``: the snapshot cannot hold JavaScript objects.
- :func:`reseed` (after every restore): every restore of one snapshot starts with the same state, so
  ``random``'s module-level generator would draw the same numbers on every page load. ``secrets``,
  ``uuid.uuid4`` and ``random.SystemRandom`` read ``os.urandom`` on each call and need nothing.
  The ``str`` hash secret is fixed by the snapshot and cannot change in a live interpreter.

Standard library only; runs on CPython 3.11+ too (the unit tests call it there).
"""

from __future__ import annotations

import gc
import importlib
import json
import random

__all__ = ["module_of", "prepare", "reseed"]


def module_of(component: str) -> str:
    """The module of a qualified component name (``app.components.Counter`` -> ``app.components``)."""
    return component.rpartition(".")[0]


def prepare(components_json: str = "[]") -> str:
    """Import the client and the modules of ``components`` (a JSON list of qualified names).

    Returns a JSON list of ``"module: error"`` strings for the modules that failed to import (they are
    left out of the snapshot and imported from their files after a restore, as without a snapshot).
    """
    importlib.import_module("pickle_reactor.browser.client")
    failed: list[str] = []
    seen: set[str] = set()
    for name in json.loads(components_json):
        module = module_of(str(name))
        if not module or module in seen:
            continue
        seen.add(module)
        try:
            importlib.import_module(module)
        except Exception as exc:  # noqa: BLE001  # e.g. a module that reads js.document at import time
            failed.append(f"{module}: {type(exc).__name__}: {exc}")
    gc.collect()  # a smaller live heap compresses better and restores the same
    return json.dumps(failed)


def reseed() -> None:
    """Fresh entropy for what a restore would otherwise repeat: ``random``'s module-level generator."""
    random.seed()  # from os.urandom
