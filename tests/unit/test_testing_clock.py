"""pickle_reactor.testing: view.rerender(), the virtual clock (fake_time + advance) and a mount()
that does not wait for tasks that never end."""

from __future__ import annotations

import asyncio
import time

import pytest

from pickle_reactor import component, use_effect, use_state
from pickle_reactor.html import input_, p
from pickle_reactor.testing import mount


@component
def Counter(initial: int = 0, label: str = "n") -> object:
    count, set_count = use_state(initial)
    return p(on_click=lambda e: set_count(count + 1))[f"{label}={count}"]


def test_rerender_gives_new_props_and_keeps_state() -> None:
    view = mount(Counter(initial=1))
    view.click("p")
    view.rerender(Counter(initial=50, label="total"))
    assert view.text == "total=2"  # new label; the state stays (initial only counts on mount)
    view.rerender(Counter(initial=7, label="k", key="other"))  # a new key remounts, as React
    assert view.text == "k=7"


@component
def Clock() -> object:
    seconds, set_seconds = use_state(0)

    async def tick() -> None:
        while True:
            await asyncio.sleep(1)
            set_seconds(lambda s: s + 1)

    use_effect(tick, [])
    return p[f"{seconds}s"]


def test_mount_returns_at_once_when_a_task_never_ends() -> None:
    start = time.monotonic()
    view = mount(Clock())
    assert time.monotonic() - start < 0.5  # not the 2 s timeout
    assert view.text == "0s"
    view.close()


def test_fake_time_drives_intervals() -> None:
    view = mount(Clock(), fake_time=True)
    start = time.monotonic()
    view.advance(0.5)
    assert view.text == "0s"
    view.advance(0.5)
    assert view.text == "1s"
    view.advance(10)
    assert view.text == "11s" and view.now == 11
    assert time.monotonic() - start < 1
    view.close()


@component
def Search() -> object:
    query, set_query = use_state("")
    results, set_results = use_state("none")

    def debounce() -> object:
        loop = asyncio.get_event_loop()
        handle = loop.call_later(0.3, lambda: set_results(f"results for {query!r}") if query else None)
        return handle.cancel

    use_effect(debounce, [query])
    return p[input_(value=query, on_input=lambda e: set_query(e.target.value)), p(id="out")[results]]


def test_fake_time_drives_call_later_debounce() -> None:
    view = mount(Search(), fake_time=True)
    view.input("input", "py")
    view.advance(0.2)
    view.input("input", "pyodide")  # within 0.3 s: the first timer is cancelled
    view.advance(0.2)
    assert view.get("#out").text == "none"
    view.advance(0.1)
    assert view.get("#out").text == "results for 'pyodide'"


def test_fake_time_sleep_in_a_handler_and_errors() -> None:
    @component
    def Saver() -> object:
        status, set_status = use_state("idle")

        async def save(event: object) -> None:
            set_status("saving")
            await asyncio.sleep(5)
            set_status("saved")

        return p(on_click=save)[status]

    view = mount(Saver(), fake_time=True)
    view.click("p")
    assert view.text == "saving"  # returns without waiting 5 s of real time
    view.advance(5)
    assert view.text == "saved"
    with pytest.raises(ValueError, match="only moves forward"):
        view.advance(-1)
    with pytest.raises(RuntimeError, match="fake_time=True"):
        mount(Counter()).advance(1)
