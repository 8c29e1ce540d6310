"""Components for tests/unit/test_island_errors.py: one renders, one raises on the server."""

from __future__ import annotations

from pickle_reactor import component
from pickle_reactor.html import div, p


@component
def Fine(label: str = "fine"):
    return p(class_="fine")[label]


@component
def Inner(count: int = 0):
    raise ZeroDivisionError(f"inner failed at {count}")


@component
def Broken(count: int = 0):
    return div(class_="broken")[Inner(count=count)]
