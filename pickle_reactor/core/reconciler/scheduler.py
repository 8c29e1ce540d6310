"""Batching: state updates mark components dirty; the first one of a batch asks for one flush.

How the flush is requested is pluggable: the browser passes ``kernel.schedule`` (a coalesced
microtask that calls ``pickle_reactor.browser.client.flush()``); by default the running asyncio loop's
``call_soon`` is used, and without a running loop nothing is requested (the caller flushes, as
``pickle_reactor.testing`` does after every action and event dispatch does after its handlers).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

__all__ = ["Scheduler", "call_soon"]


def call_soon(flush: Callable[[], None]) -> Callable[[], None]:
    """The default request: run ``flush`` soon on the running asyncio loop, if there is one."""

    def request() -> None:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        loop.call_soon(flush)

    return request


class Scheduler:
    """The dirty components of the next commit, the signal bindings to patch in it, and whether a
    flush has been requested."""

    __slots__ = ("bound", "dirty", "request", "requested")

    def __init__(self, request: Callable[[], Any]) -> None:
        self.dirty: list[Any] = []
        self.bound: list[Any] = []  # bindings whose signal changed (reconciler/bindings.py)
        self.requested = False
        self.request = request

    def add(self, fiber: Any) -> None:
        """Mark ``fiber`` for rendering in the next flush; request one flush per batch."""
        if fiber.dirty:
            return
        fiber.dirty = True
        self.dirty.append(fiber)
        if not self.requested:
            self.requested = True
            self.request()

    def add_bound(self, binding: Any) -> None:
        """Patch ``binding``'s DOM node in the next flush (its signal changed); one flush per batch."""
        self.bound.append(binding)
        if not self.requested:
            self.requested = True
            self.request()

    def take(self) -> list[Any]:
        """The dirty components, parents first (a parent's render may render its children too)."""
        batch = self.dirty
        self.dirty = []
        if len(batch) > 1:
            batch.sort(key=_depth)
        return batch


def _depth(fiber: Any) -> int:
    return fiber.depth  # type: ignore[no-any-return]
