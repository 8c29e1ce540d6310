"""Components the adapter tests render as islands (only server rendering is exercised)."""

from __future__ import annotations

from dataclasses import dataclass

from pickle_reactor import component, create_store, use_store
from pickle_reactor.html import p


@component
def Greeting(name: str = "world", times: int = 1):
    return p(class_="greeting")[f"Hello {name}{'!' * times}"]


@dataclass(frozen=True)
class Shopper:
    name: str = "guest"
    items: tuple[str, ...] = ()


shopper = create_store(Shopper())


@component
def ShopperBadge():
    """Reads a store: renders the value the request provided."""
    who = use_store(shopper)
    return p(class_="shopper")[f"{who.name}: {len(who.items)} items"]
