"""The virtual clock of ``mount(..., fake_time=True)``: an asyncio loop whose time only moves when
the test says so (``view.advance(seconds)``), so ``asyncio.sleep``, ``call_later`` and timeouts in
components run at once and in order, without real waiting.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

__all__ = ["VirtualLoop", "is_idle"]


class _NoIO:
    """The loop's "selector": virtual time has no I/O to wait for, so a select never waits."""

    def select(self, timeout: float | None) -> list[Any]:
        return []


class VirtualLoop(asyncio.BaseEventLoop):
    """``time()`` is ``now``, moved by :meth:`advance_to`; every timer is remembered so the next one
    due is known. Never blocks on a timer: callers run it only while something is ready. A plain
    base loop with no selector, so it needs no socketpair (which wasm lacks: it runs in Pyodide too);
    ``call_soon_threadsafe`` from another thread is therefore not woken up."""

    def __init__(self) -> None:
        super().__init__()
        self._selector = _NoIO()  # type: ignore[attr-defined]
        self.now = 0.0
        self.timers: list[asyncio.TimerHandle] = []

    def _process_events(self, event_list: list[Any]) -> None:
        pass

    def _write_to_self(self) -> None:
        pass

    def time(self) -> float:
        return self.now

    def call_at(self, when: float, callback: Callable[..., Any], *args: Any,  # type: ignore[override]
                context: Any = None) -> asyncio.TimerHandle:
        handle = super().call_at(when, callback, *args, context=context)
        self.timers.append(handle)
        return handle

    def next_due(self) -> float | None:
        """When the next timer that has not run nor been cancelled is due, or None."""
        self.timers = [h for h in self.timers if not h.cancelled() and h.when() > self.now]
        return min((h.when() for h in self.timers), default=None)


def is_idle(loop: asyncio.AbstractEventLoop) -> bool:
    """Nothing is ready to run on ``loop`` now (only timers in the future, I/O, or nothing). Reads the
    loop's ready queue (``_ready``, present on every asyncio loop of Python 3.11 to 3.14) and the
    timers due now."""
    if getattr(loop, "_ready", None):
        return False
    scheduled = getattr(loop, "_scheduled", None) or []
    now = loop.time()
    return not any(not h.cancelled() and h.when() <= now for h in scheduled)
