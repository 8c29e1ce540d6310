"""Islands for the integrity, Trusted Types and fault tests: trusted Markup swapped in the browser (the
kernel's one HTML sink) and an action whose failure the component shows while staying interactive."""

from __future__ import annotations

from pickle_reactor import Markup, component, use_action, use_state
from pickle_reactor.html import button, div, p

from .hardening_actions import double

SHAPES = (Markup('<b class="shape">bold</b>'), Markup('<i class="shape">italic</i>'))


@component
def Rich(start: int = 0):
    shown, set_shown = use_state(start)
    return div(id="rich")[
        button(id="swap", on_click=lambda: set_shown(lambda s: (s + 1) % 2))["swap"],
        div(id="markup")[SHAPES[shown]],
    ]


@component
def Caller(start: int = 1):
    call, state = use_action(double)
    clicks, set_clicks = use_state(0)
    if state.pending:
        status = "pending"
    elif state.error is not None:
        status = f"error {state.error.status}: {state.error.title}"
    elif state.result is not None:
        status = f"result {state.result}"
    else:
        status = "idle"
    return div(id="caller")[
        button(id="call", on_click=lambda: call(n=start))["call"],
        button(id="local", on_click=lambda: set_clicks(lambda c: c + 1))[f"clicked {clicks}"],
        p(id="status", role="status")[status],
    ]
