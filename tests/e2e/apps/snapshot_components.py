"""Islands for the memory-snapshot start's end-to-end tests (tests/e2e/test_snapshot.py)."""

from __future__ import annotations

import random
import secrets
import uuid

from pickle_reactor import component, use_state
from pickle_reactor.html import button, p, span


@component
def Roller():
    count, set_count = use_state(0)
    drawn, set_drawn = use_state("")

    def roll() -> None:
        set_drawn(f"{random.random()!r} {uuid.uuid4()} {secrets.token_hex(8)}")

    def fail() -> None:
        raise ValueError("snapshot boom")  # the line a traceback after a restore must show

    return p(class_="roller")[
        span(id="count")[f"Count: {count}"],
        button(id="inc", on_click=lambda: set_count(lambda c: c + 1))["+1"],
        button(id="roll", on_click=roll)["Roll"],
        span(id="drawn")[drawn],
        button(id="fail", on_click=fail)["Fail"],
    ]
