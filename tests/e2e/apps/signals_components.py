"""Components of the signals e2e page: text and attributes bound to signals (patched with no render)
and a component that reads a signal while rendering (rendered again when it changes)."""

from __future__ import annotations

from pickle_reactor import component, computed, signal
from pickle_reactor.html import button, div, input_, p

count = signal(0)
parity = computed(lambda: "even" if count.value % 2 == 0 else "odd")
RENDERS: list[str] = []  # component renders in this interpreter, read by the test through Pyodide


def increment() -> None:
    count.value += 1


@component
def Total() -> object:
    RENDERS.append("Total")
    return p(id="total")[f"total {count.value * 10}"]


@component
def SignalsDemo() -> object:
    RENDERS.append("SignalsDemo")
    return div[
        p(id="count", class_=parity)["count: ", count],
        input_(id="mirror", value=computed(lambda: f"value {count.value}")),
        button(id="inc", on_click=increment)["+"],
        Total(),
    ]
