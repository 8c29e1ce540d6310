"""The island: renders with the helper and humanize on the server and again in the browser."""

from __future__ import annotations

from pickle_reactor import component, use_state
from pickle_reactor.html import button, p, span

from .money import big


@component
def Wallet(start: int = 1000):
    amount, set_amount = use_state(start)
    return p(class_="wallet")[
        span(class_="amount")[big(amount)],
        button(class_="more", on_click=lambda: set_amount(lambda a: a * 1000))["x1000"],
    ]
