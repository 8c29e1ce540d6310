"""The runtime: node ids, roots (islands), flushing batches into commits, event dispatch, errors.

Long because the runtime is one object every root, commit and handler shares: its flush, commit
order, effects and error routing depend on each other's state.

One :class:`Runtime` per page (or per test view) drives any number of :class:`Root` s. A commit is
one op buffer handed to the backend's ``apply`` in one call, then refs are set, then layout effects
run (all cleanups first, then all setups), then passive effects (likewise).
"""

from __future__ import annotations

import asyncio
import gc
import logging
from collections.abc import Callable, Coroutine, Sequence
from typing import Any

from .. import boundary as _boundary
from ..events import PREVENT_DEFAULT, Event, call_handler
from ..hooks import Ref, has_updates
from . import bindings as _bindings
from . import children as _children
from . import diff as _diff
from .errors import ErrorReport, log_error, log_warning
from .fibers import (
    ComponentFiber,
    ElementFiber,
    PortalFiber,
    RootFiber,
    first_dom,
    owner_name,
)
from .hydrate import hydrate_root
from .ops import SET_PROP
from .props import LIVE_TAGS, live_value
from .scheduler import Scheduler, call_soon
from .tasks import current_loop, resume
from .templates import Templates

__all__ = ["ErrorReport", "Root", "Runtime", "collect_now"]

logger = logging.getLogger("pickle_reactor")
_MAX_COMMITS = 50  # commits in one flush before an update loop is reported
_DEFER_LIMIT = 25  # a deferred collection runs at once when this many thresholds' worth piled up


class _CollectorPaused:
    """``with _CollectorPaused():`` around rendering and committing. The objects a commit allocates
    (elements, fibers, the op buffer) stay alive: the cyclic collector, run every couple of thousand
    allocations, would scan them again and again for nothing (in Pyodide's Python 3.14 each run also
    walks an increment of the old generation: 27 % of creating 10,000 rows). Paused, then one
    collection at the end if one came due; nested uses and an app's own ``gc.disable()`` are left be.

    ``later``: when set (the browser client sets it), that collection is not run at the end of the
    commit but asked for at idle, as V8 schedules its own collections in idle time: the user sees the
    update first, however large the commit (the collection after creating 10,000 rows is 10-20 % of
    that click in Pyodide). Until it runs (:func:`collect_now`) the collector stays off; a later
    commit that finds ``_DEFER_LIMIT`` thresholds' worth of allocations piled up before idle came
    collects at once, so that commits without idle time in between cannot grow memory without bound."""

    __slots__ = ("paused",)

    later: Callable[[], Any] | None = None
    waiting = False  # a collection was asked for: the collector is off until it runs

    def __enter__(self) -> None:
        self.paused = gc.isenabled() or _CollectorPaused.waiting
        if gc.isenabled():
            gc.disable()

    def __exit__(self, *exc: object) -> None:
        if not self.paused:
            return
        due = gc.get_threshold()[0]
        count = gc.get_count()[0]
        if not due or count < due:
            if not _CollectorPaused.waiting:
                gc.enable()
            return
        later = _CollectorPaused.later
        if later is not None:
            if not _CollectorPaused.waiting:
                _CollectorPaused.waiting = True
                later()
                return
            if count < due * _DEFER_LIMIT:
                return  # asked for already: idle has not come yet
        _CollectorPaused.waiting = False
        gc.enable()
        gc.collect(1)


def collect_now() -> None:
    """Run the collection a commit left for later (called at idle), and turn the collector back on;
    nothing when none is waiting."""
    if _CollectorPaused.waiting:
        _CollectorPaused.waiting = False
        gc.enable()
        gc.collect(1)


class Root:
    """An island: an existing container node whose children the reconciler owns."""

    def __init__(self, runtime: Runtime, container_id: int) -> None:
        self.runtime = runtime
        self.id = container_id
        self.fiber = RootFiber(container_id, self)
        self.listening: set[str] = set()  # event types with a delegated listener on the container
        self.portals: list[int] = []  # ids of the portal targets mounted from this root (they listen too)
        self.hydrating = False  # during its hydration render (use_hydrated)

    def render(self, node: Any) -> None:
        """Render ``node`` into the container now (one commit, effects included)."""
        runtime = self.runtime
        c = _diff.Commit(runtime, self)
        with _CollectorPaused():
            try:
                output = _diff.component_output(node, "root")
                moves = _children.diff_children(c, self.fiber, output, "")
                if moves is not None:
                    _children.place(c, self.fiber.children, moves, self.id, 0)
            except Exception as exc:  # noqa: BLE001 - reported, the runtime carries on
                runtime.report("root", "render", exc)
            runtime.commit(c)
            runtime.flush()

    def unmount(self) -> None:
        """Remove everything rendered into the container and run every cleanup."""
        c = _diff.Commit(self.runtime, self)
        for fiber in self.fiber.children:
            if fiber is not None:
                _diff.remove(c, fiber)
        self.fiber.children = []
        self.runtime.commit(c)
        if self in self.runtime.roots:
            self.runtime.roots.remove(self)


class Runtime:
    """Everything one page's islands share.

    - ``apply(ops)``: the backend; called once per commit with the op buffer (a list).
    - ``schedule()``: asks for ``flush()`` to be called soon (default: ``loop.call_soon``).
    - ``node_handle(id)``: the backend's node object for an id, given to ``ref=`` (default: the id).
    - ``on_error(report)``/``on_warning(message)``: where errors and hydration warnings go
      (default: the ``pickle_reactor`` logger).
    - ``loop``: the asyncio loop async handlers and effects run on (default: the running loop).
    """

    def __init__(
        self,
        apply: Callable[[list[Any]], Any],
        *,
        schedule: Callable[[], Any] | None = None,
        node_handle: Callable[[int], Any] | None = None,
        on_error: Callable[[ErrorReport], Any] | None = None,
        on_warning: Callable[[str], Any] | None = None,
        loop: asyncio.AbstractEventLoop | None = None,
        first_id: int = 1,
    ) -> None:
        self.apply = apply
        self.node_handle = node_handle or (lambda nid: nid)
        self.on_error = on_error or log_error
        self.on_warning = on_warning or log_warning
        self.loop = loop
        self.next_id = first_id
        self.nodes: dict[int, ElementFiber] = {}  # elements with handlers, by id
        self.portals: dict[int, PortalFiber] = {}  # mounted portals, by target id
        self.roots: list[Root] = []
        self.tasks: set[asyncio.Future[Any]] = set()  # strong references to running async work
        self.scheduler = Scheduler(schedule or call_soon(self.flush))
        self._flushing = False
        self._fixes: list[tuple[ElementFiber, dict[str, Any]]] = []
        self.templates = Templates()  # repeated rows, cloned by the kernel (templates.py)

    # --- ids and roots ---------------------------------------------------------------------------

    def new_id(self) -> int:
        """A fresh node id (for a container the backend creates)."""
        nid = self.next_id
        self.next_id = nid + 1
        return nid

    def create_root(self, container_id: int) -> Root:
        """A root for the existing container node ``container_id`` (render into it with ``render``)."""
        if container_id >= self.next_id:
            self.next_id = container_id + 1
        root = Root(self, container_id)
        self.roots.append(root)
        return root

    def hydrate(self, container_id: int, snapshot: Sequence[Any], node: Any) -> Root:
        """Adopt the server-rendered DOM described by ``snapshot`` (its nodes numbered from
        ``container_id + 1``) as the render of ``node``; one commit with LISTEN ops and repairs."""

        root = self.create_root(container_id)
        c = _diff.Commit(self, root)
        with _CollectorPaused():
            hydrate_root(c, root, node, snapshot)
            self.commit(c)
            self.flush()
        return root

    # --- updates -----------------------------------------------------------------------------------

    def schedule_update(self, fiber: ComponentFiber) -> None:
        """Render ``fiber`` in the next flush (state setters call this)."""
        self.scheduler.add(fiber)

    def flush(self) -> None:
        """Render every dirty component and commit, until no update is left (effects may update)."""
        if self._flushing:
            return
        self._flushing = True
        paused = _CollectorPaused()
        paused.__enter__()
        scheduler = self.scheduler
        try:
            for _ in range(_MAX_COMMITS):
                scheduler.requested = False
                if not scheduler.dirty and not self._fixes and not scheduler.bound:
                    return
                c = _diff.Commit(self)
                if scheduler.bound:  # DOM nodes bound to signals that changed: patched, nothing rendered
                    _bindings.patch_queued(c, scheduler)
                while scheduler.dirty:
                    batch = scheduler.take()
                    c.lone = len(batch) == 1
                    for fiber in batch:
                        if fiber.dirty and fiber.alive:
                            if has_updates(fiber):
                                self._update(c, fiber)
                            else:  # the batch ended on the values it rendered: bail out, as React
                                fiber.dirty = False
                if self._fixes:
                    self._controlled_fixes(c)
                self.commit(c)
            stuck = scheduler.dirty
            scheduler.dirty = []
            for fiber in stuck:
                fiber.dirty = False
            names = ", ".join(sorted({f.name for f in stuck})) or "?"
            self.report(names, "render", RuntimeError(
                f"updates kept scheduling more updates ({_MAX_COMMITS} commits in one flush): an effect "
                f"sets state on every run in <{names}>; give it dependencies"))
        finally:
            self._flushing = False
            paused.__exit__()

    def _update(self, c: _diff.Commit, fiber: ComponentFiber) -> None:
        c.root = fiber.root
        dom_parent = fiber.parent
        while type(dom_parent) is ComponentFiber:
            dom_parent = dom_parent.parent
        try:
            _diff.rerender(c, fiber, dom_parent.ns)
            moves = fiber.place
            if moves is not None:
                fiber.place = None
                _children.place(c, fiber.children, moves, dom_parent.id, _next_dom(fiber))
        except Exception as exc:  # noqa: BLE001 - reported, the runtime carries on
            self.fail(fiber, "render", exc)

    def commit(self, c: _diff.Commit) -> None:
        """As React: layout cleanups of removed components (they still see the old DOM and refs), ref
        detaches, the op buffer, ref attaches (children first), layout effects, passive effects."""
        if c.unmounted:
            self._unmount_cleanups(c.unmounted, True)
        refs = c.refs
        if refs:
            self._set_refs([entry for entry in refs if not entry[1]])
        if c.ops:
            try:
                self.apply(c.ops)
            except Exception as exc:  # noqa: BLE001 - reported, the runtime carries on
                self.templates.forget()  # the kernel may not have kept the buffer's templates
                self.report("root", "commit", exc)
        if refs:
            self._set_refs([entry for entry in refs if entry[1]])
        if c.layout:
            self._effects(c.layout)
        if c.unmounted:
            self._unmount_cleanups(c.unmounted, False)
        if c.passive:
            self._effects(c.passive)

    def _set_refs(self, refs: list[tuple[Any, int]]) -> None:
        for ref, nid in refs:
            value = self.node_handle(nid) if nid else None
            try:
                if isinstance(ref, Ref):
                    ref.current = value
                elif callable(ref):
                    ref(value)
                else:
                    ref.current = value
            except Exception as exc:  # noqa: BLE001 - reported, the runtime carries on
                self.report("ref", "commit", exc)

    def _unmount_cleanups(self, unmounted: list[ComponentFiber], layout: bool) -> None:
        for fiber in unmounted:
            for slot in fiber.hooks:
                if slot[0] in ("use_effect", "use_layout_effect"):
                    effect = slot[1]
                    if effect.layout is layout and effect.cleanup is not None:
                        self._cleanup(effect)

    def _effects(self, queue: list[Any]) -> None:
        for effect in queue:
            if effect.cleanup is not None:
                self._cleanup(effect)
        for effect in queue:
            if effect.fiber.alive:
                self._setup(effect)

    def _cleanup(self, effect: Any) -> None:
        cleanup = effect.cleanup
        effect.cleanup = None
        try:
            result = cleanup()
            if asyncio.iscoroutine(result):
                self.spawn(result, effect.fiber.name)
        except Exception as exc:  # noqa: BLE001 - reported, the runtime carries on
            self.fail(effect.fiber, "cleanup", exc)

    def _setup(self, effect: Any) -> None:
        try:
            result = effect.fn()
        except Exception as exc:  # noqa: BLE001 - reported, the runtime carries on
            self.fail(effect.fiber, "effect", exc)
            return
        if result is None:
            return
        if asyncio.iscoroutine(result):
            effect.cleanup = self.spawn(result, effect.fiber.name).cancel
        elif callable(result):
            effect.cleanup = result
        else:
            self.fail(effect.fiber, "effect", TypeError(
                f"<{effect.fiber.name}>: an effect must return None or a cleanup function, "
                f"not {type(result).__name__}"))

    # --- events ------------------------------------------------------------------------------------

    def dispatch(self, type: str, path: Sequence[int], data: dict[str, Any] | None = None) -> int:
        """Call the ``type`` handlers along ``path`` (target first, up to the island root, excluded),
        then flush. Returns flags: ``PREVENT_DEFAULT`` (1) when a handler called ``prevent_default()``."""
        event = Event(type, data)
        nodes = self.nodes
        for nid in path:
            fiber = nodes.get(nid)
            if fiber is None:
                continue
            handler = fiber.vnode.events.get(type) if fiber.vnode.events else None
            if handler is None:
                continue
            self._call_handler(fiber, handler, event, nid)
            if event.propagation_stopped:
                break
        else:
            if path and self.portals:
                self._bubble_out_of_portal(event, path)
        if path and type in ("input", "change", "click"):
            target = nodes.get(path[0])
            if target is not None and target.vnode.tag in LIVE_TAGS:
                self._fixes.append((target, event.data.get("target") or {}))
        self.flush()
        return PREVENT_DEFAULT if event.default_prevented else 0

    def _bubble_out_of_portal(self, event: Event, path: Sequence[int]) -> None:
        """An event inside a portal (``path`` ends with the target's id, added by the backend)
        bubbles on through the portal's ancestors in the component tree, as React's portals do."""
        if len(path) < 2:
            return
        top = path[-2]  # the target's child the event came through: one portal's own node
        portal: Any = None
        for candidate in self.portals.values():
            if _owns_top(candidate, top):
                portal = candidate
                break
        if portal is None:
            return  # not inside a portal
        fiber = portal.parent
        while fiber is not None:
            if type(fiber) is ElementFiber and fiber.vnode.events:
                handler = fiber.vnode.events.get(event.type)
                if handler is not None:
                    self._call_handler(fiber, handler, event, fiber.id)
                    if event.propagation_stopped:
                        return
            fiber = fiber.parent

    def _controlled_fixes(self, c: _diff.Commit) -> None:
        """A controlled input keeps its rendered value: undo what the user typed/ticked when the
        state did not follow (React's controlled components)."""
        fixes = self._fixes
        self._fixes = []
        for fiber, seen in fixes:
            if self.nodes.get(fiber.id) is not fiber:
                continue  # removed meanwhile
            props = fiber.vnode.props
            # `checked=False` leaves no prop, indistinguishable from an uncontrolled box: only fix True
            for name in ("value", "checked"):
                if name in props and name in seen:
                    want = live_value(name, props[name])
                    got = seen[name] if name == "value" else int(bool(seen[name]))
                    if want != got:
                        c.ops += (SET_PROP, fiber.id, name, want)

    # --- async work and errors -----------------------------------------------------------------------

    def _call_handler(self, fiber: Any, handler: Any, event: Event, nid: int) -> None:
        """Run one handler for ``event`` at element ``nid``; errors are reported, a coroutine started."""
        event.current_target = nid
        try:
            result = call_handler(handler, event)
        except Exception as exc:  # noqa: BLE001 - reported, the runtime carries on
            self.report(owner_name(fiber), "handler", exc)
        else:
            if asyncio.iscoroutine(result):
                self.start_eagerly(result, owner_name(fiber))

    def spawn(self, coro: Coroutine[Any, Any, Any], component: str) -> asyncio.Future[Any]:
        """Run ``coro`` as a task on the runtime's loop, keeping a reference until it is done."""
        loop = self.loop or current_loop()
        task = loop.create_task(coro)
        self.tasks.add(task)

        def done(finished: asyncio.Future[Any]) -> None:
            self.tasks.discard(finished)
            if not finished.cancelled() and finished.exception() is not None:
                self.report(component, "task", finished.exception())  # type: ignore[arg-type]

        task.add_done_callback(done)
        return task

    def start_eagerly(self, coro: Coroutine[Any, Any, Any], component: str) -> None:
        """Run an async handler up to its first ``await`` now, then as a task.

        React runs the synchronous part of an async handler inside the event, so
        ``event.prevent_default()`` before the first ``await`` still stops a form's native submit.
        Done by hand rather than with ``eager_start=True``: that needs Python 3.12 and a running loop.
        """
        try:
            first = coro.send(None)
        except StopIteration:
            return
        except Exception as exc:  # noqa: BLE001 - reported, the runtime carries on
            self.report(component, "handler", exc)
            return
        self.spawn(resume(coro, first), component)

    def fail(self, fiber: ComponentFiber, phase: str, exc: BaseException) -> None:
        """An error raised by ``fiber`` while rendering or in an effect or cleanup: the nearest error
        boundary above it shows its fallback (rendered in this flush); reported either way."""
        caught = _boundary.catch(fiber, exc) is not None
        self.report(fiber.name, phase, exc, caught)

    def report(self, component: str, phase: str, exc: BaseException, caught: bool = False) -> None:
        """Send an error to ``on_error``; never raises."""
        try:
            self.on_error(ErrorReport(component, phase, exc, caught))
        except Exception:
            logger.exception("pickle-reactor: the on_error hook failed")

    def warn(self, message: str) -> None:
        """Send a warning (hydration mismatches) to ``on_warning``."""
        try:
            self.on_warning(message)
        except Exception:
            logger.exception("pickle-reactor: the on_warning hook failed")


def _owns_top(fiber: Any, nid: int) -> bool:
    """Whether the DOM node ``nid`` is one of the top-level nodes ``fiber`` (a portal) renders."""
    for child in fiber.children:
        if type(child) is ComponentFiber:
            if _owns_top(child, nid):
                return True
        elif child is not None and child.id == nid:
            return True
    return False


def _next_dom(fiber: Any) -> int:
    """The DOM node right after everything ``fiber`` renders, within its DOM parent (0: the end)."""
    while True:
        parent = fiber.parent
        siblings = parent.children
        for sibling in siblings[siblings.index(fiber) + 1:]:
            found = first_dom(sibling) if sibling is not None else 0
            if found:
                return found
        if type(parent) is not ComponentFiber:
            return 0
        fiber = parent
