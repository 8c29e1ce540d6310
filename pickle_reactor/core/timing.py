"""Values that follow another value in time: :func:`use_debounced` and :func:`use_throttled`.

Both keep the value they return in state and move it with one event-loop timer (``call_later``) set
in an effect, whose cleanup cancels it: a timer never outlives a change of the value or the
component. On the server effects never run, so both return the value they are given. In
``pickle_reactor.testing`` the timers run on the view's loop, so ``mount(..., fake_time=True)`` and
``view.advance(seconds)`` drive them.
"""

from __future__ import annotations

from typing import Any, TypeVar

from .hooks import same, use_effect, use_ref, use_state
from .reconciler.tasks import current_loop

__all__ = ["use_debounced", "use_throttled"]

T = TypeVar("T")


def _check_seconds(hook: str, seconds: Any) -> float:
    if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or not seconds >= 0:
        raise ValueError(f"{hook}(value, seconds): seconds must be a number >= 0, got {seconds!r}")
    return float(seconds)


def use_debounced(value: T, seconds: float) -> T:
    """``value`` once it has stopped changing for ``seconds``; until then, the value it had before
    (the first render returns ``value`` itself). For a search box: query the server with the
    debounced text, not on every keystroke."""
    delay = _check_seconds("use_debounced", seconds)
    debounced, set_debounced = use_state(lambda: value)

    def settle() -> Any:
        if same(value, debounced):
            return None  # changed back before the timer fired: nothing to do
        return current_loop().call_later(delay, set_debounced, lambda _old: value).cancel

    use_effect(settle, [value, delay])
    return debounced


def use_throttled(value: T, seconds: float) -> T:
    """``value``, changing at most once every ``seconds``: a change after a quiet period shows at
    once (leading edge); changes within the period show as one, the latest, when it ends (trailing
    edge). For a scroll position or a live search that must keep up without updating on every event."""
    interval = _check_seconds("use_throttled", seconds)
    throttled, set_throttled = use_state(lambda: value)
    last = use_ref(None)  # loop time of the last change shown

    def follow() -> Any:
        if same(value, throttled):
            return None
        loop = current_loop()
        wait = 0.0 if last.current is None else last.current + interval - loop.time()
        if wait <= 0:
            last.current = loop.time()
            set_throttled(lambda _old: value)
            return None

        def trailing() -> None:
            last.current = loop.time()
            set_throttled(lambda _old: value)

        return loop.call_later(wait, trailing).cancel

    use_effect(follow, [value, interval])
    return throttled
