"""Signals in the reconciler: components re-render when a signal they read changes, and a DOM text
node or attribute bound to a signal is patched in place, with no render at all.

- A component's reads while it renders are tracked by its :class:`Watcher` (made on its first
  read): a change marks the component dirty, as a state update does; ``hooks.has_updates`` asks the
  watcher whether a source really changed. Unmounting disposes it.
- A signal child (``span[count]``) is a tiny ``signal_text`` component (``core/nodes.py``) whose
  watcher, on a change, queues itself on the scheduler instead; the flush then writes one SET_TEXT
  for its text node (and renders it only when the value stops being text).
- A signal attribute (``div(class_=sig)``, kept in the element's :class:`BoundProps`) gets an
  :class:`AttrBinding` when the element is mounted or adopted; a change queues it likewise and the
  flush writes SET_ATTR / REMOVE_ATTR (SET_PROP for live form state). Rebound when the element is
  patched with other signals, disposed when it is removed.

Queued bindings are patched at the start of the next flush, into that flush's one op buffer: a
batch of writes is one commit, and every binding reads the values after the whole batch.
"""

from __future__ import annotations

from typing import Any

from .. import hooks
from ..attributes import BoundProps, attr_value
from ..nodes import signal_text
from ..signals import Reaction, observe
from .fibers import ComponentFiber, TextFiber, owner_name
from .ops import REMOVE_ATTR, SET_ATTR, SET_PROP, SET_TEXT
from .props import LIVE_PROPS, LIVE_TAGS, live_value

__all__ = ["AttrBinding", "Watcher", "adopt", "begin_render", "bind", "end_render", "patch_queued", "rebind", "unbind"]


class Watcher(Reaction):
    """The signals a component read during its last render."""

    __slots__ = ("fiber", "queued")

    def __init__(self, fiber: ComponentFiber) -> None:
        super().__init__()
        self.fiber = fiber
        self.queued = False

    def _notify(self) -> None:
        fiber = self.fiber
        if not fiber.alive or fiber.root is None:
            return
        if fiber.type is signal_text:
            if not self.queued:
                self.queued = True
                fiber.root.runtime.scheduler.add_bound(self)
        elif hooks.current_fiber() is fiber:
            fiber.rerender = True  # written while it renders: render again before committing
        else:
            fiber.root.runtime.schedule_update(fiber)

    def patch(self, c: Any) -> None:
        """A signal child changed: set its text node's text, or render it when it is not text."""
        self.queued = False
        fiber = self.fiber
        if not fiber.alive or fiber.dirty:
            return
        bound = fiber.vnode.props["signal"]
        try:
            if not self.changed():
                return  # a computed that came back to the same value
            value = bound.peek()
        except Exception:  # noqa: BLE001 - rendering it reports the error, naming the component
            fiber.root.runtime.schedule_update(fiber)
            return
        kind = type(value)
        kids = fiber.children
        if (kind is str or kind is int or kind is float) and len(kids) == 1 and type(kids[0]) is TextFiber:
            text = value if kind is str else str(value)
            if text:
                previous = self.begin()
                try:
                    bound.value  # noqa: B018 - read to record the version now shown
                finally:
                    self.end(previous)
                node = kids[0]
                if node.text != text:
                    c.ops += (SET_TEXT, node.id, text)
                    node.text = text
                return
        fiber.root.runtime.schedule_update(fiber)  # no text node to patch, or not text: render it


class _FirstRead:
    """The observer while a component without a watcher renders: its first signal read makes one."""

    __slots__ = ()

    def _depend(self, source: Any) -> None:
        fiber = hooks.current_fiber()
        if type(fiber) is not ComponentFiber:
            return  # a server render inside a component: nothing to re-render
        watcher = fiber.watcher = Watcher(fiber)
        watcher.begin()
        watcher._depend(source)


_FIRST_READ = _FirstRead()


def begin_render(fiber: ComponentFiber) -> tuple[Any, Any]:
    """``hooks.begin_render``, and the component's signal reads tracked from now on."""
    previous = hooks.begin_render(fiber)
    watcher = fiber.watcher
    return previous, (watcher.begin() if watcher is not None else observe(_FIRST_READ))


def end_render(fiber: ComponentFiber, previous: tuple[Any, Any], ok: bool) -> None:
    """``hooks.end_render``, and the component subscribed to what it read (only that)."""
    previous_fiber, previous_observer = previous
    watcher = fiber.watcher
    if watcher is not None:
        watcher.end(previous_observer)
    else:
        observe(previous_observer)
    hooks.end_render(fiber, previous_fiber, ok)


class AttrBinding(Reaction):
    """One attribute of a mounted element, kept equal to a signal's value."""

    __slots__ = ("fiber", "last", "name", "queued", "runtime", "signal")

    def __init__(self, runtime: Any, fiber: Any, name: str, signal: Any) -> None:
        super().__init__()
        self.runtime = runtime
        self.fiber = fiber
        self.name = name
        self.signal = signal
        self.queued = False
        self.last: Any = None

    def read(self) -> str | bool | None:
        """The signal's value as the attribute value (None: no attribute), subscribed to it."""
        previous = self.begin()
        try:
            value = self.signal.value
        finally:
            self.end(previous)
        return attr_value(self.fiber.vnode.tag, self.name, value)

    def _notify(self) -> None:
        if not self.queued:
            self.queued = True
            self.runtime.scheduler.add_bound(self)

    def patch(self, c: Any) -> None:
        self.queued = False
        fiber = self.fiber
        if fiber.bound is None or fiber.bound.get(self.name) is not self:
            return  # unbound since it was queued
        try:
            value = self.read()
        except Exception as exc:  # noqa: BLE001 - reported; the attribute keeps its last value
            self.runtime.report(owner_name(fiber), "render", exc)
            return
        if value is not self.last and value != self.last:
            self.last = value
            _set(c.ops, fiber, self.name, value)


def _set(ops: list[Any], fiber: Any, name: str, value: str | bool | None) -> None:
    """The op that shows ``value`` on a mounted element (live form state goes to the property)."""
    if name in LIVE_PROPS and fiber.vnode.tag in LIVE_TAGS:
        ops += (SET_PROP, fiber.id, name, live_value(name, value))
    elif value is None:
        ops += (REMOVE_ATTR, fiber.id, name)
    else:
        ops += (SET_ATTR, fiber.id, name, "" if value is True else value)


def _new_binding(c: Any, fiber: Any, name: str, signal: Any) -> AttrBinding:
    binding = AttrBinding(c.runtime, fiber, name, signal)
    binding.last = binding.read()
    return binding


def bind(c: Any, fiber: Any) -> None:
    """A new element with signal attributes: set their current values and bind them."""
    nid = fiber.id
    bound = fiber.bound = {}
    for name, signal in fiber.vnode.props.signals.items():
        binding = bound[name] = _new_binding(c, fiber, name, signal)
        value = binding.last
        if value is not None:
            c.ops += (SET_ATTR, nid, name, "" if value is True else value)


def adopt(c: Any, fiber: Any) -> dict[str, Any]:
    """Hydrating an element with signal attributes: bind them; returns every attribute with its
    current value, for hydration to compare with the server's."""
    props = fiber.vnode.props
    current = dict(props)
    bound = fiber.bound = {}
    for name, signal in props.signals.items():
        binding = bound[name] = _new_binding(c, fiber, name, signal)
        if binding.last is not None:
            current[name] = binding.last
    return current


def rebind(c: Any, fiber: Any, old_props: dict[str, Any]) -> None:
    """A patched element (its plain attributes already diffed): keep the bindings whose signal
    stayed, drop the others, bind the new ones."""
    props = fiber.vnode.props
    signals = props.signals if type(props) is BoundProps else {}
    old = fiber.bound or {}
    bound: dict[str, AttrBinding] = {}
    for name, binding in old.items():
        if signals.get(name) is binding.signal:
            bound[name] = binding
            continue
        binding.dispose()
        if name not in signals and name not in props:  # neither bound nor plain now: gone
            _set(c.ops, fiber, name, None)
    for name, signal in signals.items():
        if name in bound:
            continue
        binding = bound[name] = _new_binding(c, fiber, name, signal)
        if name in old:  # another signal: only a new value needs an op
            if binding.last != old[name].last:
                _set(c.ops, fiber, name, binding.last)
        elif binding.last is not None or name in old_props:  # was plain (its diff removed it) or absent
            _set(c.ops, fiber, name, binding.last)
    fiber.bound = bound or None


def unbind(fiber: Any) -> None:
    """A removed element: its signals forget it."""
    for binding in fiber.bound.values():
        binding.dispose()
    fiber.bound = None


def patch_queued(c: Any, scheduler: Any) -> None:
    """Patch the bound nodes whose signals changed since the last flush (into this commit)."""
    queued = scheduler.bound
    scheduler.bound = []
    for binding in queued:
        binding.patch(c)
