"""Islands for the client-navigation and lazy-island end-to-end tests (tests/e2e/test_navigation.py)."""

from __future__ import annotations

from pickle_reactor import component, use_effect, use_state
from pickle_reactor.html import button, input_, p, span


@component
def Counter(initial: int = 0):
    count, set_count = use_state(initial)
    return p(class_="counter")[
        span(class_="count")[f"Count: {count}"],
        button(class_="inc", on_click=lambda: set_count(lambda c: c + 1))["+1"],
    ]


@component
def Lifecycle(label: str = ""):
    """Counts mounts and cleanups on ``window`` (prMounts / prCleanups), so a test sees unmounts run."""

    def mounted():  # type: ignore[no-untyped-def]
        import js  # type: ignore[import-not-found]  # only ever runs in the browser

        js.window.prMounts = (getattr(js.window, "prMounts", 0) or 0) + 1

        def cleanup() -> None:
            js.window.prCleanups = (getattr(js.window, "prCleanups", 0) or 0) + 1

        return cleanup

    use_effect(mounted, [])
    return p(class_="lifecycle")[f"Lifecycle {label}"]


@component
def Echo(name: str = "echo"):
    value, set_value = use_state("")
    return p(class_="echo", id=name)[
        input_(name=name, value=value, on_input=lambda event: set_value(event.target.value)),
        span(class_="said")[f"Said: {value}"],
    ]
