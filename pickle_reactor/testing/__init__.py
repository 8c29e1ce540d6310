"""Test components without a browser: the browser's reconciler and event system on an in-memory DOM.

::

    view = mount(Counter(initial=1))
    view.click("button")
    assert view.query("h1").text == "Count: 2"

Every action (``mount``, ``click``, ``input``, ``change``, ``submit``, ``keydown``, ``fire``) returns
once the updates it caused are committed and their effects have run, including updates made by
those effects and by ``async`` handlers/effects: the view runs its own asyncio loop until the tasks
the runtime started are done (at most ``timeout`` seconds; a task still running then, such as a
polling loop, keeps running during later actions). An exception in a component, effect or handler
is raised from the action as :class:`ComponentError` (after the DOM kept its last good state); pass
``raise_errors=False`` to collect them in ``view.errors`` instead, as the browser only logs them.
An error an ``ErrorBoundary`` caught is not raised (the fallback shows); it is in ``view.errors``.
"""

from __future__ import annotations

import asyncio
import logging
import time
import weakref
from collections.abc import Callable
from typing import Any

from ..core.events import PREVENT_DEFAULT
from ..core.reconciler import ErrorReport, Root, Runtime
from ..core.serialize import render_to_string
from .clock import VirtualLoop, is_idle
from .document import Document
from .nodes import MemElement
from .parser import parse_html

__all__ = ["ComponentError", "View", "mount"]

logger = logging.getLogger("pickle_reactor.testing")


_views: weakref.WeakSet[View] = weakref.WeakSet()  # open views: one page's islands, sharing stores


class ComponentError(Exception):
    """An exception raised in a component, effect or handler during a test action."""

    def __init__(self, report: ErrorReport) -> None:
        super().__init__(f"error in <{report.component}> ({report.phase}): {report.exception!r}")
        self.report = report
        self.component = report.component
        self.phase = report.phase


class View:
    """A mounted component: query its DOM and fire events at it (see the module docstring)."""

    def __init__(self, node: Any, *, hydrate: bool = False, raise_errors: bool = True, timeout: float = 2.0,
                 fake_time: bool = False, page: str = "") -> None:
        self.document = Document()
        self.fake_time = fake_time
        self.errors: list[ErrorReport] = []
        self.warnings: list[str] = []
        self.commits: list[list[Any]] = []  # every op buffer applied, in order
        self.raise_errors = raise_errors
        self.timeout = timeout
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            pass  # no loop running in this thread: the view can drive its own
        else:
            raise RuntimeError(
                "pickle_reactor.testing.mount() drives its own event loop and cannot run inside another "
                "one: call it from a plain (synchronous) test, not from `async def` or while a running "
                "loop (e.g. Playwright's sync API with a browser open) owns this thread"
            )
        self.loop: asyncio.AbstractEventLoop = VirtualLoop() if fake_time else asyncio.new_event_loop()
        weakref.finalize(self, _close_loop, self.loop)
        self.runtime = Runtime(
            self._apply,
            node_handle=self.document.node,
            on_error=self._on_error,
            on_warning=self._on_warning,
            loop=self.loop,
        )
        _views.add(self)
        if hydrate:
            self.container = MemElement("div")
            for child in parse_html(render_to_string(node)):
                child.parent = self.container
                self.container.children.append(child)
            self._place_in_page(page)
            first_id = self.runtime.new_id()
            snapshot = self.document.snapshot(self.container, first_id)
            self.root: Root = self._act(lambda: self.runtime.hydrate(first_id, snapshot, node), mounting=True)
        else:
            self.container = self.document.create_container(self.runtime.new_id())
            self._place_in_page(page)
            self.root = self.runtime.create_root(self.container.id)
            self._act(lambda: self.root.render(node), mounting=True)

    def _place_in_page(self, page: str) -> None:
        """The container is the first child of the page's body; ``page`` (HTML) follows it: portal
        targets such as ``<div id="modal-root"></div>`` go there."""
        body = self.document.body
        self.container.parent = body
        body.children.append(self.container)
        for child in parse_html(page) if page else ():
            child.parent = body
            body.children.append(child)

    # --- plumbing ------------------------------------------------------------------------------------

    def _apply(self, ops: list[Any]) -> None:
        self.commits.append(list(ops))
        self.document.apply(ops)

    def _on_error(self, report: ErrorReport) -> None:
        logger.error("%s", report)
        self.errors.append(report)

    def _on_warning(self, message: str) -> None:
        logger.warning("%s", message)
        self.warnings.append(message)

    def _act(self, action: Callable[[], Any], mounting: bool = False) -> Any:
        """Run ``action`` inside the view's loop, then settle: wait for the runtime's tasks and
        flush, until nothing is left to do (when mounting, or on a virtual clock: until nothing is
        ready to run, so a task that never ends, or sleeps, does not hold the test up)."""
        seen = len(self.errors)

        async def run() -> Any:
            return action()

        result = self.loop.run_until_complete(run())
        if mounting or self.fake_time:
            self._run_until_idle()
        else:
            self.settle()
        for other in list(_views):  # a store shared with another view (another island) updated it too
            if other is not self and not other.loop.is_closed():
                other.runtime.flush()
        if self.raise_errors:  # an error an ErrorBoundary caught is in view.errors, not raised
            for report in self.errors[seen:]:
                if not getattr(report, "caught", False):
                    raise ComponentError(report) from report.exception
        return result

    def act(self, fn: Callable[[], Any]) -> Any:
        """Run ``fn()`` (e.g. ``cart.set(...)`` from test code) as an action: its updates are committed,
        in this view and in every other open view, before it returns; returns what ``fn`` returned."""
        return self._act(fn)

    def settle(self, timeout: float | None = None) -> None:
        """Let async handlers and effects finish (up to ``timeout`` seconds) and flush their updates."""
        if self.fake_time:  # timers wait for view.advance(): run what is ready
            self._run_until_idle()
            return
        deadline = time.monotonic() + (self.timeout if timeout is None else timeout)
        runtime = self.runtime
        while True:
            runtime.flush()
            pending = [task for task in runtime.tasks if not task.done()]
            left = deadline - time.monotonic()
            if not pending or left <= 0:
                break
            self.loop.run_until_complete(asyncio.wait(pending, timeout=left, return_when=asyncio.FIRST_COMPLETED))
            self.loop.run_until_complete(asyncio.sleep(0))  # let done-callbacks and call_soon flushes run
        runtime.flush()

    def _run_until_idle(self) -> None:
        """Run what is ready (tasks' next steps, their updates) until nothing is, without waiting
        for any timer (nor real time) to come due."""
        runtime = self.runtime
        deadline = time.monotonic() + self.timeout
        while True:
            runtime.flush()
            self.loop.run_until_complete(asyncio.sleep(0))  # ready callbacks, timers due, task steps
            if is_idle(self.loop) or time.monotonic() > deadline:
                break
        runtime.flush()

    # --- the virtual clock and new props ---------------------------------------------------------------

    def advance(self, seconds: float) -> None:
        """Move the virtual clock (``mount(..., fake_time=True)``) ``seconds`` ahead: every timer due
        by then (``asyncio.sleep``, ``call_later``, timeouts) runs, in order, at its own time, and the
        updates they make are committed. Returns at once: nothing really waits."""
        loop = self.loop
        if not isinstance(loop, VirtualLoop):
            raise RuntimeError("view.advance() needs a virtual clock: mount(..., fake_time=True)")  # noqa: TRY004
        if seconds < 0:
            raise ValueError(f"view.advance({seconds}): time only moves forward")
        target = loop.now + seconds
        seen = len(self.errors)
        self._run_until_idle()
        while True:
            due = loop.next_due()
            if due is None or due > target + 1e-9:
                break
            loop.now = max(loop.now, due)
            self._run_until_idle()
        loop.now = target
        self._run_until_idle()
        if self.raise_errors:
            for report in self.errors[seen:]:
                if not getattr(report, "caught", False):
                    raise ComponentError(report) from report.exception

    @property
    def now(self) -> float:
        """The virtual clock's time in seconds (``fake_time=True``; it starts at 0)."""
        return self.loop.time() if isinstance(self.loop, VirtualLoop) else time.monotonic()

    def rerender(self, node: Any) -> None:
        """Render ``node`` (usually the same component with new props) into the mounted root: a
        component of the same type and key keeps its state, as a parent's re-render would."""
        self._act(lambda: self.root.render(node))

    def _find(self, selector: str | MemElement) -> MemElement:
        if isinstance(selector, MemElement):
            return selector
        found = self.container.query(selector) or self.document.body.query(selector)
        if found is None:
            raise LookupError(f"no element matches {selector!r} in:\n{self.html}")
        return found

    def _path(self, element: MemElement) -> list[int]:
        path = []
        node: Any = element
        portals = self.document.portal_targets
        while node is not None and node is not self.container:
            if node.id:
                path.append(node.id)
                if node.id in portals:  # inside a portal: the backend ends the path with its target
                    break
            node = node.parent
        if node is None:
            raise LookupError(f"{element!r} is no longer in the view")
        return path

    # --- reading -------------------------------------------------------------------------------------

    @property
    def html(self) -> str:
        """The container's inner HTML."""
        return self.container.html

    @property
    def text(self) -> str:
        """The text content of the whole view."""
        return self.container.text

    def query(self, selector: str) -> MemElement | None:
        """The first element matching a CSS selector in the view, else in the page around it
        (``mount(..., page=...)``: where portals render), or None."""
        return self.container.query(selector) or self.document.body.query(selector)

    def query_all(self, selector: str) -> list[MemElement]:
        """Every element matching a CSS selector, in document order (the view, then the page)."""
        return self.container.query_all(selector) + [
            el for el in self.document.body.query_all(selector) if not _inside(el, self.container)]

    def get(self, selector: str) -> MemElement:
        """The first element matching a selector; LookupError when there is none."""
        return self._find(selector)

    def attrs(self, selector: str) -> dict[str, str]:
        """The attributes of the first match (LookupError when there is none)."""
        return dict(self._find(selector).attrs)

    # --- events --------------------------------------------------------------------------------------

    def fire(self, selector: str | MemElement, type: str, key: str | None = None, **data: Any) -> bool:
        """Dispatch one ``type`` event at the first match, as the browser would (bubbling through the
        handlers up to the root). Returns False when a handler called ``prevent_default()``."""
        element = self._find(selector)
        target = {
            "id": element.attrs.get("id", ""),
            "name": element.attrs.get("name", ""),
            "value": element.value,
            "checked": element.checked,
            "tag": element.tag,
            "attrs": dict(element.attrs),
            "scroll_top": element.scrollTop,
        }
        payload = {"type": type, "key": key, "target": target, **data}
        path = self._path(element)
        flags = self._act(lambda: self.runtime.dispatch(type, path, payload))
        return not flags & PREVENT_DEFAULT

    def click(self, selector: str | MemElement) -> None:
        """Click the first match, with the browser's default actions: a checkbox/radio toggles (and
        fires ``input`` and ``change``), a submit button submits its form, unless prevented."""
        element = self._find(selector)
        toggles = element.tag == "input" and element.attrs.get("type") in ("checkbox", "radio")
        before = element.checked
        if toggles:
            element.checked = True if element.attrs.get("type") == "radio" else not before
        if not self.fire(element, "click"):
            if toggles:
                element.checked = before
            return
        if toggles and element.checked != before:
            self.fire(element, "input")
            self.fire(element, "change")
        elif self._submits(element):
            form = self._form_of(element)
            if form is not None:
                self.fire(form, "submit")

    def input(self, selector: str | MemElement, value: str) -> None:
        """Set the value of the first match and dispatch ``input``."""
        element = self._find(selector)
        element.value = value
        self.fire(element, "input")

    def change(self, selector: str | MemElement, value: str | None = None) -> None:
        """Optionally set the value (a ``select`` selects the option with that value), then dispatch
        ``change``."""
        element = self._find(selector)
        if value is not None:
            element.value = value
        self.fire(element, "change")

    def submit(self, selector: str | MemElement = "form") -> None:
        """Dispatch ``submit`` at the first matching form (or the form around the match)."""
        element = self._find(selector)
        form = element if element.tag == "form" else self._form_of(element)
        if form is None:
            raise LookupError(f"{selector!r} is not a form or inside one")
        self.fire(form, "submit")

    def scroll(self, selector: str | MemElement, top: float) -> None:
        """Scroll the first match to ``top`` pixels (its ``scrollTop``) and dispatch ``scroll``."""
        element = self._find(selector)
        element.scrollTop = top
        self.fire(element, "scroll")

    def keydown(self, selector: str | MemElement, key: str) -> None:
        """Dispatch ``keydown`` with ``event.key == key``."""
        self.fire(selector, "keydown", key=key)

    def unmount(self) -> None:
        """Unmount the component: every effect cleanup runs."""
        self._act(self.root.unmount)

    def close(self) -> None:
        """Unmount and close the view's event loop."""
        if self.root.fiber.children:
            self.unmount()
        for task in list(self.runtime.tasks):
            task.cancel()
        if self.runtime.tasks:
            self.loop.run_until_complete(asyncio.gather(*self.runtime.tasks, return_exceptions=True))
        _views.discard(self)
        _close_loop(self.loop)

    def __enter__(self) -> View:  # noqa: PYI034 - View is final
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @staticmethod
    def _submits(element: MemElement) -> bool:
        kind = element.attrs.get("type", "submit" if element.tag == "button" else "")
        return element.tag in ("button", "input") and kind == "submit"

    @staticmethod
    def _form_of(element: MemElement) -> MemElement | None:
        node = element.parent
        while node is not None and node.tag != "form":
            node = node.parent
        return node


def _inside(node: Any, container: MemElement) -> bool:
    while node is not None:
        if node is container:
            return True
        node = node.parent
    return False


def _close_loop(loop: asyncio.AbstractEventLoop) -> None:
    if not loop.is_closed() and not loop.is_running():
        loop.close()


def mount(node: Any, *, hydrate: bool = False, raise_errors: bool = True, timeout: float = 2.0,
          fake_time: bool = False, page: str = "") -> View:
    """Render ``node`` into an in-memory DOM; returns after the first commit, its effects and the
    updates they made (async effects run until they wait: a task that never ends does not block).
    ``hydrate=True`` renders it on the server first and hydrates that HTML. ``fake_time=True``: a
    virtual clock that only ``view.advance(seconds)`` moves. ``page``: HTML around the view (e.g. a
    portal target, ``'<div id="modal-root"></div>'``)."""
    return View(node, hydrate=hydrate, raise_errors=raise_errors, timeout=timeout, fake_time=fake_time, page=page)
