"""Components the adapter tests render as islands (no hooks: only server rendering is exercised)."""

from __future__ import annotations

from pickle_reactor import component
from pickle_reactor.html import p


@component
def Greeting(name: str = "world", times: int = 1):
    return p(class_="greeting")[f"Hello {name}{'!' * times}"]
