"""use_debounced and use_throttled, driven by the virtual clock of pickle_reactor.testing."""

from __future__ import annotations

import pytest

from pickle_reactor import component, render_to_string, use_debounced, use_state, use_throttled
from pickle_reactor.html import div, input_, p
from pickle_reactor.testing import mount


def _follower(hook):  # type: ignore[no-untyped-def]
    @component
    def Follower(seconds: float = 1.0) -> object:
        text, set_text = use_state("a")
        shown = hook(text, seconds)
        return div[input_(name="q", value=text, on_input=lambda e: set_text(e.target.value)), p[shown]]

    return Follower


Debounced = _follower(use_debounced)
Throttled = _follower(use_throttled)


def test_debounced_shows_the_value_after_it_stopped_changing() -> None:
    view = mount(Debounced(), fake_time=True)
    assert view.query("p").text == "a"
    view.input("input", "b")
    view.advance(0.6)
    view.input("input", "bc")  # restarts the wait
    view.advance(0.6)
    assert view.query("p").text == "a"  # 1.2 s since the first change, only 0.6 s since the last
    view.advance(0.4)
    assert view.query("p").text == "bc"
    assert view.now == pytest.approx(1.6)


def test_debounced_changed_back_in_time_never_changes() -> None:
    renders = []

    @component
    def Watch() -> object:
        text, set_text = use_state("a")
        shown = use_debounced(text, 1)
        renders.append(shown)
        return input_(value=text, on_input=lambda e: set_text(e.target.value))

    view = mount(Watch(), fake_time=True)
    view.input("input", "b")
    view.input("input", "a")
    view.advance(5)
    assert set(renders) == {"a"}


def test_throttled_has_a_leading_and_a_trailing_edge() -> None:
    view = mount(Throttled(), fake_time=True)
    view.input("input", "b")  # after a quiet period: shown at once
    assert view.query("p").text == "b"
    view.advance(0.2)
    view.input("input", "bc")
    view.advance(0.2)
    view.input("input", "bcd")
    assert view.query("p").text == "b"  # at most one change per second
    view.advance(0.5)
    assert view.query("p").text == "b"
    view.advance(0.1)  # one second after the leading edge: the latest value
    assert view.query("p").text == "bcd"
    view.input("input", "x")  # within a second of the trailing edge: waits for it
    view.advance(0.9)
    assert view.query("p").text == "bcd"
    view.advance(0.1)
    assert view.query("p").text == "x"


def test_throttled_keeps_up_with_a_steady_stream_at_its_rate() -> None:
    view = mount(Throttled(seconds=0.5), fake_time=True)
    shown = []
    for i in range(30):  # a change every 0.1 s for 3 s
        view.input("input", str(i))
        shown.append(view.query("p").text)
        view.advance(0.1)
    changes = [b for a, b in zip(shown, shown[1:]) if a != b]
    assert shown[0] == "0" and 5 <= len(changes) <= 6  # about one change per 0.5 s, never more


def test_timers_are_cancelled_on_unmount() -> None:
    @component
    def Box(show: bool = True) -> object:
        return Debounced() if show else p["gone"]

    view = mount(Box(), fake_time=True)
    view.input("input", "b")
    pending = len(view.loop._scheduled)  # type: ignore[attr-defined]
    assert pending >= 1
    view.rerender(Box(show=False))
    assert all(handle.cancelled() for handle in view.loop._scheduled)  # type: ignore[attr-defined]
    view.advance(5)
    assert view.text == "gone"


def test_server_render_shows_the_value_given() -> None:
    assert "<p>a</p>" in render_to_string(Debounced()) and "<p>a</p>" in render_to_string(Throttled())


@pytest.mark.parametrize("bad", [-1, "1", None, True, float("nan")])
def test_bad_seconds_name_the_hook(bad: object) -> None:
    with pytest.raises(ValueError, match=r"use_debounced\(value, seconds\): seconds must be a number"):
        render_to_string(_follower(use_debounced)(seconds=bad))
