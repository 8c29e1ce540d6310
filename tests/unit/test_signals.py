"""Signals on their own (core/signals.py): reads, writes, computeds, effects, batches, cycles."""

from __future__ import annotations

import gc
import math
import weakref

import pytest

from pickle_reactor import batch, computed, effect, signal


def test_value_reads_and_writes_peek_reads() -> None:
    s = signal(1)
    assert s.value == 1 and s.peek() == 1
    s.value = 2
    assert s.value == 2 and s.peek() == 2


def test_computed_is_lazy_and_cached() -> None:
    s = signal(2)
    runs: list[int] = []
    double = computed(lambda: runs.append(1) or s.value * 2)
    assert runs == []  # nothing runs until it is read
    assert double.value == 4 and double.value == 4 and double.peek() == 4
    assert len(runs) == 1
    s.value = 3
    assert len(runs) == 1  # a write does not recompute: the next read does
    assert double.value == 6 and len(runs) == 2


def test_computed_that_is_not_read_by_anyone_is_garbage() -> None:
    s = signal(1)
    derived = computed(lambda: s.value + 1)
    effect(lambda d=derived: d.value)()  # read by an effect, then disposed
    ref = weakref.ref(derived)
    del derived
    gc.collect()
    assert ref() is None and not s._targets


def test_diamond_is_glitch_free_and_each_computed_runs_once_per_change() -> None:
    a = signal(1)
    runs = {"b": 0, "c": 0, "d": 0}

    def count(name: str, value: int) -> int:
        runs[name] += 1
        return value

    b = computed(lambda: count("b", a.value * 2))
    c = computed(lambda: count("c", a.value + 10))
    d = computed(lambda: count("d", b.value + c.value))
    seen: list[tuple[int, int, int]] = []
    effect(lambda: seen.append((b.value, c.value, d.value)))
    a.value = 2
    a.value = 3
    # every effect run sees b, c and d of the same a: never a new b with an old c
    assert seen == [(2, 11, 13), (4, 12, 16), (6, 13, 19)]
    assert runs == {"b": 3, "c": 3, "d": 3}


def test_computed_that_recomputes_to_the_same_value_stops_the_change() -> None:
    n = signal(1)
    parity = computed(lambda: n.value % 2)
    runs: list[int] = []
    effect(lambda: runs.append(parity.value))
    n.value = 3  # still odd
    assert runs == [1]
    n.value = 4
    assert runs == [1, 0]


def test_effect_reruns_on_change_and_disposer_stops_it() -> None:
    s = signal("a")
    seen: list[str] = []
    dispose = effect(lambda: seen.append(s.value))
    s.value = "b"
    s.value = "b"  # the same value: nothing to do
    dispose()
    s.value = "c"
    assert seen == ["a", "b"]
    assert not s._targets  # the disposed effect is forgotten


def test_effect_cleanup_runs_before_each_rerun_and_on_dispose() -> None:
    s = signal(0)
    log: list[str] = []

    def watch() -> object:
        value = s.value
        log.append(f"run {value}")
        return lambda: log.append(f"clean {value}")

    dispose = effect(watch)
    s.value = 1
    dispose()
    assert log == ["run 0", "clean 0", "run 1", "clean 1"]


def test_effect_tracks_only_what_its_last_run_read() -> None:
    flag, a, b = signal(True), signal(1), signal(2)
    seen: list[int] = []
    effect(lambda: seen.append(a.value if flag.value else b.value))
    flag.value = False
    a.value = 10  # no longer read
    b.value = 20
    assert seen == [1, 2, 20]


def test_peek_does_not_subscribe() -> None:
    a, b = signal(1), signal(1)
    seen: list[int] = []
    effect(lambda: seen.append(a.value + b.peek()))
    b.value = 5
    assert seen == [2]
    a.value = 2
    assert seen == [2, 7]


def test_batch_runs_effects_once_at_the_end_and_nests() -> None:
    a, b = signal(1), signal(1)
    seen: list[int] = []
    effect(lambda: seen.append(a.value + b.value))
    with batch():
        a.value = 2
        with batch():
            b.value = 3
            assert seen == [2]
        assert seen == [2]  # the inner batch waits for the outer one
        assert a.value + b.value == 5  # reads inside a batch see the writes
    assert seen == [2, 5]
    assert batch(lambda: setattr(a, "value", 10) or "done") == "done"
    assert seen == [2, 5, 13]


def test_batch_still_runs_effects_when_the_block_raises() -> None:
    s = signal(0)
    seen: list[int] = []
    effect(lambda: seen.append(s.value))
    with pytest.raises(ValueError), batch():
        s.value = 1
        raise ValueError("boom")
    assert seen == [0, 1]


def test_writes_compare_like_object_is() -> None:
    s = signal(float("nan"))
    runs: list[float] = []
    effect(lambda: runs.append(s.value))
    s.value = float("nan")  # a NaN is the same as a NaN
    assert len(runs) == 1 and math.isnan(runs[0])
    items: list[int] = []
    t = signal(items)
    seen: list[object] = []
    effect(lambda: seen.append(t.value))
    t.value = items  # the same object: nothing
    t.value = []  # an equal, new list: a change
    assert len(seen) == 2


def test_computed_error_is_cached_and_raised_to_readers() -> None:
    s = signal(0)
    c = computed(lambda: 1 / s.value)
    with pytest.raises(ZeroDivisionError):
        _ = c.value
    with pytest.raises(ZeroDivisionError):
        c.peek()
    s.value = 2
    assert c.value == 0.5


def test_computed_reading_itself_is_a_clear_cycle_error() -> None:
    box: dict[str, object] = {}
    a = computed(lambda: box["b"].value + 1, name="a")  # type: ignore[attr-defined]
    box["b"] = computed(lambda: a.value + 1, name="b")
    with pytest.raises(RuntimeError, match="cycle: computed 'a' reads its own value"):
        _ = a.value


def test_effect_that_keeps_writing_what_it_reads_is_a_clear_cycle_error() -> None:
    s = signal(0)
    go = signal(False)

    def loop() -> None:
        if go.value:
            s.value = s.value + 1

    effect(loop)
    with pytest.raises(RuntimeError, match="cycle: effects kept writing signals they read"):
        go.value = True


def test_writing_a_signal_inside_a_computed_raises() -> None:
    s, t = signal(0), signal(0)
    bad = computed(lambda: setattr(t, "value", s.value + 1))
    with pytest.raises(RuntimeError, match="a computed must only read"):
        _ = bad.value


def test_an_effect_error_is_raised_after_the_other_effects_ran() -> None:
    s = signal(0)
    seen: list[int] = []

    def failing() -> None:
        if s.value:
            raise KeyError("effect failed")

    effect(failing)
    effect(lambda: seen.append(s.value))
    with pytest.raises(KeyError):
        s.value = 1
    assert seen == [0, 1]


def test_using_a_signal_as_a_bool_is_an_error() -> None:
    s = signal(0)
    with pytest.raises(TypeError, match=r"read its value \(\.value\)"):
        bool(s)
    with pytest.raises(TypeError, match="effect"):
        effect(42)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="computed"):
        computed("x")  # type: ignore[arg-type]
