"""ErrorBoundary, as React's error boundaries (react.dev: "Catching rendering errors with an error boundary").

A boundary catches errors thrown while a component below it renders, in its effects and in their
cleanups, and shows ``fallback(error, reset)`` instead of its children; errors in event handlers and
async tasks are not caught; ``reset()`` shows the children again from fresh state; an error in the
fallback goes to the next boundary up. On the server the fallback is what is rendered, and the
browser's first render hydrates the same fallback.
"""

from __future__ import annotations

import logging
from typing import Any

import pytest

from pickle_reactor import (
    ErrorBoundary,
    component,
    iter_render,
    render_to_string,
    use_effect,
    use_state,
)
from pickle_reactor.core.hooks import ServerFiber, current_fiber
from pickle_reactor.html import button, div, li, p, span, ul
from pickle_reactor.testing import ComponentError, mount


def fallback(error: BaseException, reset: Any) -> Any:
    return div(class_="fallback")[p[f"caught: {error}"], button(class_="reset", on_click=lambda: reset())["retry"]]


@component
def Bomb(message: str = "boom") -> Any:
    raise ValueError(message)


@component
def BrowserBomb() -> Any:
    """Renders on the server; raises in the browser (a browser-only error)."""
    if not isinstance(current_fiber(), ServerFiber):
        raise RuntimeError("no window.localStorage")
    return p(class_="ok")["server side"]


@component
def Logged(name: str, log: list[str]) -> Any:
    def effect() -> Any:
        log.append(f"mount {name}")
        return lambda: log.append(f"unmount {name}")

    use_effect(effect, [])
    return span[name]


# --- on the server ------------------------------------------------------------------------------


def test_server_renders_the_fallback_in_place_of_the_failed_children(caplog: pytest.LogCaptureFixture) -> None:
    page = div[p["before"], ErrorBoundary(fallback=fallback)[span["partial"], Bomb()], p["after"]]
    with caplog.at_level(logging.ERROR, logger="pickle_reactor"):
        html = render_to_string(page)
    assert html == ('<div><p>before</p><div class="fallback"><p>caught: boom</p><button class="reset">retry'
                    '</button></div><p>after</p></div>')
    assert "partial" not in html
    assert any("ErrorBoundary" in record.getMessage() for record in caplog.records)


def test_server_without_an_error_renders_only_the_children() -> None:
    assert render_to_string(div[ErrorBoundary(fallback=fallback)[p["a"], "text"]]) == "<div><p>a</p>text</div>"


def test_streaming_sends_nothing_of_the_failed_children() -> None:
    page = div[ul[[li[str(i)] for i in range(3)]], ErrorBoundary(fallback=fallback)[div[span["partial"], Bomb()]]]
    assert "".join(iter_render(page, chunk_size=1)) == render_to_string(page)
    assert "partial" not in render_to_string(page)


def test_an_error_in_the_fallback_goes_to_the_next_boundary_up() -> None:
    def broken(error: BaseException, reset: Any) -> Any:
        raise KeyError("fallback broke")

    page = ErrorBoundary(fallback=lambda error, reset: p[f"outer: {type(error).__name__}"])[
        ErrorBoundary(fallback=broken)[Bomb()]
    ]
    assert render_to_string(page) == "<p>outer: KeyError</p>"


def test_the_nearest_boundary_catches() -> None:
    page = ErrorBoundary(fallback=lambda e, r: p["outer"])[
        span["kept"], ErrorBoundary(fallback=lambda e, r: p["inner"])[Bomb()]
    ]
    assert render_to_string(page) == "<span>kept</span><p>inner</p>"


def test_fallback_must_be_a_function() -> None:
    with pytest.raises(TypeError, match=r"ErrorBoundary\(fallback=...\) must be a function"):
        ErrorBoundary(fallback=p["not a function"])  # type: ignore[arg-type]


# --- in the browser (the reconciler) -------------------------------------------------------------


def test_a_render_error_on_mount_shows_the_fallback_and_commits_nothing_of_the_children() -> None:
    log: list[str] = []
    view = mount(div[ErrorBoundary(fallback=fallback)[Logged(name="sibling", log=log), Bomb()]])
    assert view.query(".fallback p").text == "caught: boom"
    assert "sibling" not in view.html
    assert log == []  # the failed tree was never committed: its effects never ran, as React
    assert [(r.component, r.phase, r.caught) for r in view.errors] == [("Bomb", "render", True)]


@component
def Counter(explode_at: int = 2) -> Any:
    count, set_count = use_state(0)
    if count == explode_at:
        raise ValueError(f"count reached {count}")
    return button(class_="inc", on_click=lambda: set_count(count + 1))[f"count {count}"]


def test_a_render_error_on_update_shows_the_fallback_in_the_same_flush() -> None:
    view = mount(div[span(class_="outside")["outside"], ErrorBoundary(fallback=fallback)[Counter()]])
    view.click(".inc")
    assert view.query(".inc").text == "count 1"
    view.click(".inc")
    assert view.query(".inc") is None
    assert view.query(".fallback p").text == "caught: count reached 2"
    assert view.query(".outside").text == "outside"


def test_reset_renders_the_children_again_from_fresh_state() -> None:
    view = mount(ErrorBoundary(fallback=fallback)[Counter()])
    view.click(".inc")
    view.click(".inc")
    assert view.query(".fallback") is not None
    view.click(".reset")
    assert view.query(".fallback") is None
    assert view.query(".inc").text == "count 0"  # fresh state, not the state that failed
    view.click(".inc")
    view.click(".inc")
    assert view.query(".fallback p").text == "caught: count reached 2"  # and it can catch again


@component
def EffectBomb() -> Any:
    def effect() -> None:
        raise OSError("effect failed")

    use_effect(effect, [])
    return p["rendered"]


def test_an_error_in_an_effect_shows_the_fallback() -> None:
    view = mount(ErrorBoundary(fallback=fallback)[EffectBomb()])
    assert view.query(".fallback p").text == "caught: effect failed"
    assert [(r.phase, r.caught) for r in view.errors] == [("effect", True)]


@component
def CleanupBomb() -> Any:
    n, set_n = use_state(0)

    def effect() -> Any:
        def cleanup() -> None:
            raise OSError("cleanup failed")

        return cleanup

    use_effect(effect, [n])
    return button(class_="bump", on_click=lambda: set_n(n + 1))[str(n)]


def test_an_error_in_a_cleanup_shows_the_fallback() -> None:
    view = mount(ErrorBoundary(fallback=fallback)[CleanupBomb()])
    view.click(".bump")
    assert view.query(".fallback p").text == "caught: cleanup failed"


@component
def HandlerBomb() -> Any:
    def boom() -> None:
        raise ValueError("handler failed")

    return button(class_="go", on_click=boom)["go"]


def test_errors_in_event_handlers_are_not_caught() -> None:
    view = mount(ErrorBoundary(fallback=fallback)[HandlerBomb()])
    with pytest.raises(ComponentError, match="handler failed"):
        view.click(".go")
    assert view.query(".fallback") is None
    assert view.query(".go") is not None
    assert [(r.phase, r.caught) for r in view.errors] == [("handler", False)]


def test_an_error_in_the_fallback_goes_up_in_the_browser_too() -> None:
    def broken(error: BaseException, reset: Any) -> Any:
        raise KeyError("fallback broke")

    view = mount(ErrorBoundary(fallback=lambda e, r: p(class_="outer")[type(e).__name__])[
        ErrorBoundary(fallback=broken)[Counter()]])
    view.click(".inc")
    view.click(".inc")
    assert view.query(".outer").text == "KeyError"


def test_without_a_boundary_the_last_good_dom_stays() -> None:
    view = mount(div[Counter()], raise_errors=False)
    view.click(".inc")
    view.click(".inc")
    assert view.query(".inc").text == "count 1"
    assert [(r.component, r.caught) for r in view.errors] == [("Counter", False)]


def test_the_report_says_the_boundary_caught_it() -> None:
    view = mount(ErrorBoundary(fallback=fallback)[Bomb()])
    assert "caught by <ErrorBoundary>" in str(view.errors[0])


# --- hydration ----------------------------------------------------------------------------------


def test_hydration_adopts_the_servers_fallback_when_the_error_happens_again() -> None:
    view = mount(div[p["x"], ErrorBoundary(fallback=fallback)[span["partial"], Bomb()]], hydrate=True)
    assert view.warnings == []  # the fallback matched the server's DOM
    created = [op for commit in view.commits for op in commit if op in ("div", "p", "button")]
    assert created == []  # adopted, nothing created again
    assert view.query(".fallback p").text == "caught: boom"
    view.click(".reset")  # the adopted fallback is live: its handler runs
    assert view.query(".fallback p").text == "caught: boom"  # fresh children, same error


def test_a_browser_only_render_error_during_hydration_shows_the_fallback() -> None:
    view = mount(div[ErrorBoundary(fallback=fallback)[BrowserBomb()]], hydrate=True)
    assert view.query(".ok") is None
    assert view.query(".fallback p").text == "caught: no window.localStorage"
    assert view.warnings  # the server had rendered the children: repaired, with a warning


def test_hydration_without_an_error_keeps_the_children() -> None:
    view = mount(ErrorBoundary(fallback=fallback)[Counter()], hydrate=True)
    assert view.warnings == []
    view.click(".inc")
    assert view.query(".inc").text == "count 1"
