"""A component calling a server action with use_action."""

from __future__ import annotations

from pickle_reactor import component, use_action
from pickle_reactor.html import button, div, p

from .actions_csp_actions import add_one


@component
def Adder():
    add, state = use_action(add_one)
    if state.pending:
        status = "pending"
    elif state.error is not None:
        status = f"error {state.error.status} {state.error.errors[0]['pointer'] if state.error.errors else ''}"
    else:
        status = f"result {state.result}"
    return div(id="adder")[
        button(id="go", on_click=lambda: add(n=41))["go"],
        button(id="bad", on_click=lambda: add(n=-1))["bad"],
        p(id="out")[status],
    ]
