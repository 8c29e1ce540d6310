"""Hooks: per-component state kept by call order, with React's semantics.

Long because every hook shares one slot protocol and one set of update rules (``same``, scheduling,
the bail-out of :func:`has_updates`, committed effect deps) that would be split across modules.

While a component renders, ``_current`` is its fiber (a ``reconciler.fibers.ComponentFiber`` in the
browser and in tests, a throwaway :class:`ServerFiber` on the server). Each hook takes the next slot
of ``fiber.hooks``; a slot is a small list whose first item names the hook, so that a change of call
order between renders is caught and reported by name.

State setters apply updates at once (functional updates in call order), bail out when the value is
the same (identity, or equality for immutable scalars such as int and str, NaN equal to NaN, like JS
``Object.is``) and otherwise mark the component dirty; the runtime renders every dirty component once
per batch, unless the batch ended on the values it rendered last (:func:`has_updates`): then it
bails out, as React does, rendering no child and running no effect.

Effects compare their deps with those of the last render that was committed (``Effect.deps``), not
with a render thrown away by a render-phase update: a render records ``next_fn``/``next_deps`` and
the reconciler applies them when it queues the effect (:func:`commit_effect`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from .nodes import ComponentElement
from .signals import same

__all__ = [
    "Context",
    "Effect",
    "Ref",
    "commit_effect",
    "create_context",
    "current_fiber",
    "has_updates",
    "same",
    "use_callback",
    "use_context",
    "use_effect",
    "use_id",
    "use_layout_effect",
    "use_memo",
    "use_reducer",
    "use_ref",
    "use_state",
]

T = TypeVar("T")

_current: Any = None  # the fiber rendering right now


def _same_deps(old: Sequence[Any] | None, new: Sequence[Any] | None) -> bool:
    if old is None or new is None or len(old) != len(new):
        return False
    for a, b in zip(old, new):
        if a is not b and not same(a, b):
            return False
    return True


def has_updates(fiber: Any) -> bool:
    """Whether a dirty component has anything new to render: a state, reducer, context or signal
    value that is not what its last render saw. False when every update of the batch was undone (``set("x");
    set("initial")``): the runtime then bails out, as React does."""
    if not fiber.rendered:
        return True
    for slot in fiber.hooks:
        name = slot[0]
        if name == "use_state":
            if not same(slot[1], slot[3]):
                return True
        elif name == "use_reducer":
            if not same(slot[1], slot[4]):
                return True
        elif name == "use_context":
            provider = slot[1]
            if provider is not None and not same(provider.context_value, slot[2]):
                return True
    watcher = fiber.watcher  # the signals its last render read (reconciler/bindings.py)
    return watcher is not None and watcher.changed()


def current_fiber() -> Any:
    """The fiber of the component rendering now, or None outside a render."""
    return _current


def _next(hook: str) -> tuple[Any, list[Any] | None]:
    """The rendering fiber and this call's hook slot (None on the first render)."""
    fiber = _current
    if fiber is None:
        raise RuntimeError(
            f"{hook}() was called outside a component: hooks only work while a @component function renders"
        )
    index = fiber.hook_index
    fiber.hook_index = index + 1
    hooks = fiber.hooks
    if index < len(hooks):
        slot = hooks[index]
        if slot[0] != hook:
            raise RuntimeError(
                f"<{fiber.name}>: hook #{index + 1} was {slot[0]}() in the previous render and is {hook}() "
                "now; call hooks in the same order on every render (never inside if/for/early return)"
            )
        return fiber, slot
    if fiber.rendered:
        raise RuntimeError(
            f"<{fiber.name}>: rendered more hooks than during the previous render ({hook}() is new); "
            "call hooks in the same order on every render (never inside if/for/early return)"
        )
    return fiber, None


def begin_render(fiber: Any) -> Any:
    """Make ``fiber`` the rendering component; returns the previous one for :func:`end_render`."""
    global _current
    previous = _current
    _current = fiber
    fiber.hook_index = 0
    return previous


def end_render(fiber: Any, previous: Any, ok: bool) -> None:
    """Check the hook count of a finished render and restore the previous fiber."""
    global _current
    _current = previous
    if not ok:
        return
    used = fiber.hook_index
    if fiber.rendered:
        if used != len(fiber.hooks):
            raise RuntimeError(
                f"<{fiber.name}>: rendered {used} hooks, {len(fiber.hooks)} in the previous render; call hooks "
                "in the same order on every render (never inside if/for/early return)"
            )
    else:
        del fiber.hooks[used:]  # slots left by a failed first render
        fiber.rendered = True


def _schedule(fiber: Any) -> None:
    if fiber is _current:
        fiber.rerender = True  # an update during its own render: render again before committing
        return
    root = fiber.root
    if root is not None and fiber.alive:
        root.runtime.schedule_update(fiber)


# --- state ------------------------------------------------------------------------------------------


def use_state(initial: T | Callable[[], T]) -> tuple[T, Callable[[Any], None]]:
    """``(value, set_value)``; ``set_value(new)`` or ``set_value(lambda old: new)``. The setter is the
    same object on every render and may be called from anywhere, including an asyncio task."""
    fiber, slot = _next("use_state")
    if slot is None:
        value = initial() if callable(initial) else initial
        slot = ["use_state", value, None, value]  # name, value, setter, the value rendered last
        slot[2] = _setter(fiber, slot)
        fiber.hooks.append(slot)
    else:
        slot[3] = slot[1]
    return slot[1], slot[2]


def _setter(fiber: Any, slot: list[Any]) -> Callable[[Any], None]:
    def set_value(value: Any) -> None:
        old = slot[1]
        new = value(old) if callable(value) else value
        if new is old or same(new, old):
            return
        slot[1] = new
        _schedule(fiber)

    return set_value


def use_reducer(
    reducer: Callable[[Any, Any], Any], initial: Any, init: Callable[[Any], Any] | None = None
) -> tuple[Any, Callable[[Any], None]]:
    """``(state, dispatch)``: ``dispatch(action)`` sets the state to ``reducer(state, action)`` using
    the reducer of the latest render."""
    fiber, slot = _next("use_reducer")
    if slot is None:
        state = init(initial) if init is not None else initial
        slot = ["use_reducer", state, None, reducer, state]  # ..., the state rendered last

        def dispatch(action: Any) -> None:
            old = slot[1]
            new = slot[3](old, action)
            if not same(new, old):
                slot[1] = new
                _schedule(fiber)

        slot[2] = dispatch
        fiber.hooks.append(slot)
    else:
        slot[3] = reducer
        slot[4] = slot[1]
    return slot[1], slot[2]


# --- effects ----------------------------------------------------------------------------------------


class Effect:
    """One ``use_effect``/``use_layout_effect`` slot: the latest setup, its deps and the cleanup of the
    last run. ``deps`` are those of the last committed render; a render puts its own in ``next_fn``
    and ``next_deps``, which :func:`commit_effect` makes current once that render is committed."""

    __slots__ = ("cleanup", "deps", "fiber", "fn", "layout", "mounted", "next_deps", "next_fn")

    def __init__(self, fiber: Any, fn: Callable[[], Any], deps: Sequence[Any] | None, layout: bool) -> None:
        self.fiber = fiber
        self.fn = fn
        self.deps: tuple[Any, ...] | None = None
        self.mounted = False  # a render that queued it was committed
        self.next_fn = fn
        self.next_deps = deps
        self.cleanup: Callable[[], Any] | None = None
        self.layout = layout


def commit_effect(effect: Effect) -> None:
    """The render that queued ``effect`` is being committed: its setup and deps become current."""
    effect.fn = effect.next_fn
    effect.deps = effect.next_deps  # type: ignore[assignment]
    effect.mounted = True


def _effect(hook: str, fn: Callable[[], Any], deps: Sequence[Any] | None, layout: bool) -> None:
    if not callable(fn):
        raise TypeError(f"{hook}() expects a function, got {type(fn).__name__}")
    fiber, slot = _next(hook)
    if slot is None:
        effect = Effect(fiber, fn, None if deps is None else tuple(deps), layout)
        fiber.hooks.append([hook, effect])
    else:
        effect = slot[1]
        if deps is not None and effect.mounted and _same_deps(effect.deps, deps):
            return
        effect.next_fn = fn
        effect.next_deps = None if deps is None else tuple(deps)
    if fiber.effects is None:
        fiber.effects = [effect]
    else:
        fiber.effects.append(effect)


def use_effect(fn: Callable[[], Any], deps: Sequence[Any] | None = None) -> None:
    """Run ``fn`` after the commit when ``deps`` changed (every commit for ``None``, once for ``[]``);
    ``fn`` may return a cleanup, run before the next run and on unmount. ``async def`` runs as a task."""
    _effect("use_effect", fn, deps, False)


def use_layout_effect(fn: Callable[[], Any], deps: Sequence[Any] | None = None) -> None:
    """As :func:`use_effect`, but run right after the DOM is patched, before any ``use_effect``."""
    _effect("use_layout_effect", fn, deps, True)


# --- memo, refs, ids --------------------------------------------------------------------------------


def use_memo(fn: Callable[[], T], deps: Sequence[Any] | None) -> T:
    """``fn()``, computed again only when ``deps`` changed."""
    fiber, slot = _next("use_memo")
    if slot is None:
        value = fn()
        fiber.hooks.append(["use_memo", value, None if deps is None else tuple(deps)])
        return value
    if deps is None or not _same_deps(slot[2], deps):
        slot[1] = fn()
        slot[2] = None if deps is None else tuple(deps)
    return slot[1]  # type: ignore[no-any-return]


def use_callback(fn: T, deps: Sequence[Any] | None) -> T:
    """The same function object as long as ``deps`` are unchanged."""
    fiber, slot = _next("use_callback")
    if slot is None:
        fiber.hooks.append(["use_callback", fn, None if deps is None else tuple(deps)])
        return fn
    if deps is None or not _same_deps(slot[2], deps):
        slot[1] = fn
        slot[2] = None if deps is None else tuple(deps)
    return slot[1]  # type: ignore[no-any-return]


class Ref(Generic[T]):
    """A mutable box that survives renders; ``ref=`` on an element sets ``.current`` to its DOM node."""

    __slots__ = ("current",)

    def __init__(self, current: T | None = None) -> None:
        self.current = current

    def __repr__(self) -> str:
        return f"Ref({self.current!r})"


def use_ref(initial: T | None = None) -> Ref[T]:
    """The same :class:`Ref` on every render, first holding ``initial``."""
    fiber, slot = _next("use_ref")
    if slot is None:
        slot = ["use_ref", Ref(initial)]
        fiber.hooks.append(slot)
    return slot[1]  # type: ignore[no-any-return]


def use_id() -> str:
    """An id derived from the component's tree position: the same on the server and in the browser."""
    fiber, slot = _next("use_id")
    if slot is None:
        slot = ["use_id", f"pr-{fiber.path}-{fiber.hook_index - 1}"]
        fiber.hooks.append(slot)
    return slot[1]  # type: ignore[no-any-return]


# --- context ----------------------------------------------------------------------------------------


class Context(Generic[T]):
    """A value passed down the tree without props: ``ctx.provider(value)[children]`` provides it,
    :func:`use_context` reads the nearest provider's value (``default`` without one)."""

    def __init__(self, default: T, name: str = "Context") -> None:
        self.default = default
        self.name = name
        context = self

        def provider(value: Any, children: tuple[Any, ...] = ()) -> tuple[Any, ...]:
            _provide(context, value)
            return children

        provider.__name__ = provider.__qualname__ = f"{name}.provider"
        provider.__pr_context__ = self  # type: ignore[attr-defined]
        self._provider_fn = provider

    def provider(self, value: T) -> ComponentElement:
        """An element providing ``value`` to its children: ``ctx.provider(value)[children]``."""
        return ComponentElement(self._provider_fn, {"value": value})

    def __repr__(self) -> str:
        return f"<Context {self.name} default={self.default!r}>"


def create_context(default: T, name: str = "Context") -> Context[T]:
    """A new :class:`Context` with ``default`` for consumers that have no provider above them."""
    return Context(default, name)


def _provide(context: Context[Any], value: Any) -> None:
    fiber = _current
    if type(fiber) is ServerFiber:
        fiber.contexts = {**fiber.contexts, context: value}
        return
    if fiber.provider is None:
        fiber.provider = context
        fiber.subscribers = set()
    elif not same(fiber.context_value, value):
        for consumer in list(fiber.subscribers):
            _schedule(consumer)
    fiber.context_value = value


def use_context(context: Context[T]) -> T:
    """The value of the nearest ``context.provider`` above this component, or the default."""
    if not isinstance(context, Context):
        raise TypeError(f"use_context() expects a Context from create_context(), got {type(context).__name__}")
    fiber, slot = _next("use_context")
    if type(fiber) is ServerFiber:
        if slot is None:
            fiber.hooks.append(["use_context"])
        return fiber.contexts.get(context, context.default)  # type: ignore[no-any-return]
    if slot is None:
        provider = fiber.parent
        while provider is not None and not (getattr(provider, "provider", None) is context):
            provider = provider.parent
        if provider is not None:
            provider.subscribers.add(fiber)
            if fiber.contexts is None:
                fiber.contexts = [provider]
            else:
                fiber.contexts.append(provider)
        slot = ["use_context", provider, None]  # ..., the value read last
        fiber.hooks.append(slot)
    provider = slot[1]
    if provider is None:
        return context.default
    value = slot[2] = provider.context_value
    return value  # type: ignore[no-any-return]


# --- server rendering (core/serialize.py drives it) -------------------------------------------------------------------------------


class ServerFiber:
    """The throwaway hook state of one server render: initial state, no effects, no updates."""

    __slots__ = ("contexts", "effects", "hook_index", "hooks", "name", "path", "rendered", "rerender", "root")

    def __init__(self, name: str, path: str, contexts: dict[Any, Any]) -> None:
        self.name = name
        self.path = path
        self.hooks: list[Any] = []
        self.hook_index = 0
        self.rendered = False
        self.contexts = contexts
        self.effects: list[Any] | None = None
        self.rerender = False
        self.root = None


def child_path(owner_path: str | None, owner_count: int, index: int) -> str:
    """The tree path of a component: its owner's path and how many components the owner made before it;
    at the top (no owning component) its index among its siblings."""
    return str(index) if owner_path is None else f"{owner_path}-{owner_count}"
