"""An island that fails on the server without an ErrorBoundary (issue 11, item 9).

In debug (``Reactor(debug=True)``, Django's ``DEBUG``) the error is raised with its component stack;
otherwise the island is sent empty, marked ``data-pr-error``, with its props block (the browser
renders it there), the traceback is logged on the ``pickle_reactor`` logger and the page renders.
``Reactor(island_errors="raise" | "render")`` chooses either way.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from pickle_reactor import Reactor

HERE = Path(__file__).resolve().parent
NODE_PYODIDE = HERE.parents[1] / "node_modules" / "pyodide"
MODULES = ["pr_island_errors"]


def _reactor(**options: object) -> Reactor:
    return Reactor(components=MODULES, pyodide_dir=NODE_PYODIDE, **options)  # type: ignore[arg-type]


def test_default_outside_debug_renders_an_empty_marked_island_and_logs(caplog: pytest.LogCaptureFixture) -> None:
    reactor = _reactor()
    assert reactor.island_errors == "render"
    with caplog.at_level(logging.ERROR, logger="pickle_reactor"):
        html = str(reactor.island("Broken", count=3))
    assert html == ('<pr-island data-pr-component="pr_island_errors.Broken" data-pr-error><script '
                    'type="application/json" data-pr-props>{"count":3}</script></pr-island>')
    record = next(r for r in caplog.records if "pr_island_errors.Broken" in r.getMessage())
    assert record.name == "pickle_reactor" and record.levelno == logging.ERROR
    assert record.exc_info is not None and record.exc_info[0] is ZeroDivisionError  # the traceback is logged


def test_the_other_islands_of_the_page_still_render() -> None:
    reactor = _reactor()
    page = f"{reactor.island('Fine')}{reactor.island('Broken')}{reactor.island('Fine', label='after')}"
    assert '<p class="fine">fine</p>' in page and '<p class="fine">after</p>' in page
    assert page.count("data-pr-error") == 1


def test_debug_raises_with_the_component_stack() -> None:
    reactor = _reactor(debug=True)
    assert reactor.island_errors == "raise"
    with pytest.raises(ZeroDivisionError, match="inner failed at 2") as info:
        reactor.island("Broken", count=2)
    notes = info.value.__notes__
    assert "while rendering <Inner> on the server" in notes


def test_the_option_overrides_the_debug_default() -> None:
    with pytest.raises(ZeroDivisionError):
        _reactor(island_errors="raise").island("Broken")
    assert "data-pr-error" in str(_reactor(debug=True, island_errors="render").island("Broken"))


def test_a_bad_option_names_the_choices() -> None:
    with pytest.raises(ValueError, match=r"island_errors='log'.*\"raise\".*\"render\""):
        _reactor(island_errors="log")


def test_a_good_island_has_no_error_mark() -> None:
    assert "data-pr-error" not in str(_reactor().island("Fine"))


def test_configuration_mistakes_still_raise_in_render_mode() -> None:
    reactor = _reactor()
    with pytest.raises(LookupError):
        reactor.island("Missing")
    with pytest.raises(TypeError, match="not JSON"):
        reactor.island("Fine", label=object())


def test_django_settings_accept_the_key() -> None:
    pytest.importorskip("django")
    from pickle_reactor.contrib.django import (
        checks,  # E003 reads Reactor's signature: no settings needed
    )

    assert checks._unknown_keys({"island_errors": "render", "components": MODULES}) == []
    assert checks._unknown_keys({"island_error": "render"})[0].id == "pickle_reactor.E003"
