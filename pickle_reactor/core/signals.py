"""Signals: values that know who reads them, for updates finer than a component render.

Long because signals, computeds, effects and batches are one algorithm: each relies on the others'
flags, versions and subscriptions.

``signal(v)`` holds a value; ``computed(fn)`` derives one, lazily and cached; ``effect(fn)`` runs
``fn`` again when what it read changes; ``batch()`` defers effects to the end of a block. Reading
``.value`` inside a computed, an effect or a component's render subscribes the reader; ``peek()``
reads without subscribing. The design is the push-pull one of Preact's signals: a write only
*marks* its readers (push), and a computed recomputes when it is read and one of its sources has a
new version (pull). So computeds are glitch-free (a diamond is never seen half-updated) and each
recomputes at most once per change, however many paths lead to it.

A computed subscribes to its own sources only while something subscribes to it, so one that is
no longer read is garbage, like any object. Stdlib only: this module ships to the browser.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

__all__ = ["Computed", "Effect", "Reaction", "Signal", "batch", "computed", "effect", "is_signal", "observe", "same", "signal"]

T = TypeVar("T")

_observer: Any = None  # the computed, effect or reaction whose reads are being tracked now
_batch_depth = 0
_pending: list[Any] = []  # reactions notified during the current batch, run when it ends
_epoch = 0  # bumped by every write: a computed read again in the same epoch has nothing to check
_MAX_ROUNDS = 100  # effect rounds in one batch before a cycle is reported

# Immutable types compared by value, as JS compares primitives: `1000 is 1000` is not guaranteed.
_SCALARS = frozenset((int, float, str, bytes, bool, complex, type(None), frozenset))


def same(a: Any, b: Any) -> bool:
    """``Object.is`` for Python: the same object, or equal immutable scalars of one type (a NaN is
    the same as any other NaN, as in JS)."""
    if a is b:
        return True
    kind = type(a)
    return kind is type(b) and kind in _SCALARS and (a == b or (a != a and b != b))  # noqa: PLR0124 - NaN


def _name(fn: Any) -> str:
    return getattr(fn, "__qualname__", None) or type(fn).__name__


class Reaction:
    """Something that reads sources and is told when one of them changes: the base of computeds,
    effects, and the reconciler's component and DOM bindings. ``_notify`` is called during a write
    (do as little as possible there: mark, queue); ``changed()`` says, later, whether any source
    really has a new value (a computed may recompute to the same one)."""

    __slots__ = ("_new", "_sources")

    def __init__(self) -> None:
        self._sources: dict[Any, int] = {}  # source -> the version it had when last read
        self._new: dict[Any, int] | None = None  # the sources of the pass being tracked

    def _notify(self) -> None:  # pragma: no cover - every subclass overrides it
        raise NotImplementedError

    def _depend(self, source: Any) -> None:
        new = self._new
        if new is not None and source not in new:
            new[source] = source._version

    def begin(self) -> Any:
        """Start tracking: reads until :meth:`end` become this reaction's sources. Returns the
        previous observer, for :meth:`end`."""
        global _observer
        previous = _observer
        self._new = {}
        _observer = self
        return previous

    def end(self, previous: Any) -> None:
        """Stop tracking: subscribe to the new sources, unsubscribe from those no longer read."""
        global _observer
        _observer = previous
        new = self._new
        self._new = None
        if new is None:
            return
        old = self._sources
        self._sources = new
        if self._subscribed():
            for source in old:
                if source not in new:
                    source._unsubscribe(self)
            for source in new:
                if source not in old:
                    source._subscribe(self)

    def _subscribed(self) -> bool:
        return True

    def changed(self) -> bool:
        """Whether a source has a new version since it was read (computed sources are brought up to
        date first: one that recomputed to the same value has not changed)."""
        for source, version in self._sources.items():
            if type(source) is Computed:
                source._refresh()
            if source._version != version:
                return True
        return False

    def dispose(self) -> None:
        """Unsubscribe from every source; nothing notifies this reaction again."""
        sources = self._sources
        self._sources = {}
        if self._subscribed():
            for source in sources:
                source._unsubscribe(self)


class Signal(Generic[T]):
    """A value with subscribers. ``s.value`` reads (and subscribes the current reader) or writes;
    ``s.peek()`` reads without subscribing. Writing a value that is ``same()`` as the current one
    does nothing."""

    __slots__ = ("__weakref__", "_targets", "_value", "_version", "name")
    __pr_signal__ = True

    def __init__(self, value: T, name: str | None = None) -> None:
        self._value = value
        self._version = 0
        self._targets: dict[Any, None] = {}
        self.name = name

    @property
    def value(self) -> T:
        if _observer is not None:
            _observer._depend(self)
        return self._value

    @value.setter
    def value(self, value: T) -> None:
        if type(_observer) is Computed:
            raise RuntimeError(
                f"{self!r} was written while computed {_observer!r} was running; a computed must only "
                "read: write signals in effects or event handlers"
            )
        if same(value, self._value):
            return
        global _epoch, _batch_depth
        self._value = value
        self._version += 1
        _epoch += 1
        if not self._targets:
            return
        _batch_depth += 1
        try:
            for target in list(self._targets):
                target._notify()
        finally:
            _end_batch()

    def peek(self) -> T:
        """The value, without subscribing whoever is reading."""
        return self._value

    def _subscribe(self, target: Any) -> None:
        self._targets[target] = None

    def _unsubscribe(self, target: Any) -> None:
        self._targets.pop(target, None)

    def __repr__(self) -> str:
        label = f" {self.name}" if self.name else ""
        return f"<signal{label} {self._value!r}>"

    def __bool__(self) -> bool:
        raise TypeError(f"{self!r} used as a bool: read its value (.value) instead")

    def __iter__(self) -> Any:
        raise TypeError(f"{self!r} is not iterable: read its value (.value) instead")


class Computed(Reaction, Generic[T]):
    """A value derived from other signals: ``fn`` runs when ``.value`` is read and a source changed
    since the last run (never on a write, never twice for one change). An exception ``fn`` raises
    is cached and raised to every reader until a source changes."""

    __slots__ = ("__weakref__", "_epoch", "_error", "_fn", "_notified", "_outdated", "_running", "_targets",
                 "_value", "_version", "name")
    __pr_signal__ = True

    def __init__(self, fn: Callable[[], T], name: str | None = None) -> None:
        super().__init__()
        if not callable(fn):
            raise TypeError(f"computed(fn): fn must be a function of no arguments, got {type(fn).__name__}")
        self._fn = fn
        self._value: Any = None
        self._error: BaseException | None = None
        self._version = 0  # 0: never computed
        self._epoch = -1
        self._outdated = True  # a source may have changed: check them when read
        self._notified = False  # its readers were told since it last refreshed
        self._running = False
        self._targets: dict[Any, None] = {}
        self.name = name or _name(fn)

    @property
    def value(self) -> T:
        self._refresh()
        if _observer is not None:
            _observer._depend(self)
        if self._error is not None:
            raise self._error
        return self._value  # type: ignore[no-any-return]

    def peek(self) -> T:
        """The value, without subscribing whoever is reading."""
        self._refresh()
        if self._error is not None:
            raise self._error
        return self._value  # type: ignore[no-any-return]

    def _refresh(self) -> None:
        if self._running:
            raise RuntimeError(f"cycle: computed {self.name!r} reads its own value (through the signals it reads)")
        self._notified = False
        if self._targets and not self._outdated:
            return  # subscribed to its sources: a write would have marked it
        self._outdated = False
        if self._epoch == _epoch:
            return  # nothing was written since it last checked
        self._epoch = _epoch
        if self._version and not self.changed():
            return
        self._running = True
        previous = self.begin()
        try:
            value = self._fn()
        except Exception as exc:  # noqa: BLE001 - cached and raised to readers
            self._error = exc
            self._version += 1
        else:
            if self._error is not None or self._version == 0 or not same(value, self._value):
                self._value = value
                self._error = None
                self._version += 1
        finally:
            self._running = False
            self.end(previous)

    def _notify(self) -> None:
        if not self._notified:
            self._notified = True
            self._outdated = True
            for target in list(self._targets):
                target._notify()

    def _subscribed(self) -> bool:
        return bool(self._targets)

    def _subscribe(self, target: Any) -> None:
        if not self._targets:  # the first reader: start listening to its own sources
            self._targets[target] = None
            self._outdated = True  # unsubscribed, it may have missed writes: check on next read
            for source in self._sources:
                source._subscribe(self)
        else:
            self._targets[target] = None

    def _unsubscribe(self, target: Any) -> None:
        targets = self._targets
        if targets.pop(target, 0) is None and not targets:  # the last reader: stop listening
            for source in self._sources:
                source._unsubscribe(self)

    def __repr__(self) -> str:
        return f"<computed {self.name}>"

    def __bool__(self) -> bool:
        raise TypeError(f"{self!r} used as a bool: read its value (.value) instead")

    def __iter__(self) -> Any:
        raise TypeError(f"{self!r} is not iterable: read its value (.value) instead")


class Effect(Reaction):
    """``fn`` run now and again after each batch in which something it read changed. ``fn`` may
    return a cleanup, called before the next run and on dispose (any other value is ignored)."""

    __slots__ = ("_cleanup", "_disposed", "_fn", "_queued", "name")

    def __init__(self, fn: Callable[[], Any]) -> None:
        super().__init__()
        if not callable(fn):
            raise TypeError(f"effect(fn): fn must be a function of no arguments, got {type(fn).__name__}")
        self._fn = fn
        self._cleanup: Callable[[], Any] | None = None
        self._disposed = False
        self._queued = False
        self.name = _name(fn)

    def _notify(self) -> None:
        if not self._queued:
            self._queued = True
            _pending.append(self)

    def _react(self) -> None:
        """Called when the batch ends: run again if a source really changed."""
        self._queued = False
        if not self._disposed and self.changed():
            self.run()

    def run(self) -> None:
        self._clean()
        previous = self.begin()
        try:
            result = self._fn()
        finally:
            self.end(previous)
        if self._disposed:  # it disposed itself while running
            self.dispose()
        elif any(source._version != seen for source, seen in self._sources.items()):
            self._notify()  # it wrote a signal after reading it: run again to see the new value
        if hasattr(result, "__await__"):
            result.close()
            raise TypeError(f"effect {self.name}: fn must be a plain function; for async work use use_effect")
        if not callable(result):
            return  # a value (a lambda's result): no cleanup
        if self._disposed:
            result()
        else:
            self._cleanup = result

    def _clean(self) -> None:
        cleanup = self._cleanup
        if cleanup is not None:
            self._cleanup = None
            previous = observe(None)
            try:
                cleanup()
            finally:
                observe(previous)

    def dispose(self) -> None:
        self._disposed = True
        super().dispose()
        self._clean()

    def __call__(self) -> None:
        """Dispose (an effect is its own disposer)."""
        self.dispose()

    def __repr__(self) -> str:
        return f"<effect {self.name}>"


def observe(observer: Any) -> Any:
    """Make ``observer`` (a :class:`Reaction`, or any object with ``_depend(source)``, or None: no
    tracking) the one whose reads are tracked; returns the previous one, to restore."""
    global _observer
    previous = _observer
    _observer = observer
    return previous


def _end_batch() -> None:
    """Leave a batch; the outermost one runs the reactions it notified, in rounds (a reaction's
    writes notify more), and raises the first error after every reaction had its turn."""
    global _batch_depth, _pending
    if _batch_depth > 1:
        _batch_depth -= 1
        return
    error: BaseException | None = None
    try:
        rounds = 0
        while _pending:
            rounds += 1
            if rounds > _MAX_ROUNDS:
                stuck = ", ".join(sorted({repr(r) for r in _pending}))
                _pending = []
                raise RuntimeError(
                    f"cycle: effects kept writing signals they read ({_MAX_ROUNDS} rounds in one batch): {stuck}")
            queue = _pending
            _pending = []
            for reaction in queue:
                try:
                    reaction._react()
                except Exception as exc:  # noqa: BLE001 - the others still run; raised below
                    if error is None:
                        error = exc
    finally:
        _batch_depth = 0
    if error is not None:
        raise error


class _Batch:
    __slots__ = ()

    def __enter__(self) -> None:
        global _batch_depth
        _batch_depth += 1

    def __exit__(self, *exc: object) -> None:
        _end_batch()


_BATCH = _Batch()


def signal(value: T, *, name: str | None = None) -> Signal[T]:
    """A new signal holding ``value`` (``name`` only shows in its repr and in errors)."""
    return Signal(value, name)


def computed(fn: Callable[[], T], *, name: str | None = None) -> Computed[T]:
    """A read-only signal whose value is ``fn()``, recomputed lazily when a signal it read changed."""
    return Computed(fn, name)


def effect(fn: Callable[[], Any]) -> Effect:
    """Run ``fn`` now and again whenever a signal it read changes (after the batch); returns the
    disposer (calling it stops the effect and runs the last cleanup ``fn`` returned)."""
    reaction = Effect(fn)
    global _batch_depth
    _batch_depth += 1  # writes inside the first run notify after it, as later runs do
    try:
        reaction.run()
    except BaseException:
        reaction.dispose()
        raise
    finally:
        _end_batch()
    return reaction


def batch(fn: Callable[[], T] | None = None) -> Any:
    """``with batch(): ...`` defers effects (and DOM bindings) until the block ends, then runs each
    once; nested batches wait for the outermost. ``batch(fn)`` runs ``fn`` in a batch and returns
    its result."""
    if fn is None:
        return _BATCH
    with _BATCH:
        return fn()


def is_signal(value: Any) -> bool:
    """Whether ``value`` is a signal or a computed (something that binds a DOM node when rendered)."""
    kind = type(value)
    return kind is Signal or kind is Computed
