"""Async handlers and effects: the event loop they run on, and resuming a coroutine that was started
eagerly (run up to its first ``await`` inside the event, as React runs a handler synchronously)."""

from __future__ import annotations

import asyncio
import warnings
from collections.abc import Coroutine
from typing import Any

__all__ = ["current_loop", "resume"]


def current_loop() -> asyncio.AbstractEventLoop:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        pass
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        try:
            return asyncio.get_event_loop()
        except RuntimeError as exc:
            raise RuntimeError(
                "an async handler or effect needs an asyncio event loop: give Runtime(loop=...) or run one"
            ) from exc


class _Started:
    """Awaitable continuing a coroutine that already ran to its first suspension point."""

    __slots__ = ("coro", "first")

    def __init__(self, coro: Coroutine[Any, Any, Any], first: Any) -> None:
        self.coro = coro
        self.first = first

    def __await__(self) -> Any:
        # Forward every send and throw: asyncio delivers a failed awaited future by throwing it in,
        # and the handler's own ``try/except`` around its ``await`` must see it.
        coro = self.coro
        waiting_on = self.first
        while True:
            try:
                sent = yield waiting_on
            except GeneratorExit:
                coro.close()
                raise
            except BaseException as exc:  # noqa: BLE001 - forwarded, cancellation included
                try:
                    waiting_on = coro.throw(exc)
                except StopIteration as stop:
                    return stop.value
            else:
                try:
                    waiting_on = coro.send(sent)
                except StopIteration as stop:
                    return stop.value


async def resume(coro: Coroutine[Any, Any, Any], first: Any) -> Any:
    return await _Started(coro, first)
