"""Islands sharing stores, for tests/e2e/test_stores.py: a cart (kept in sessionStorage) read by a
badge and a product list, and a shopper given per request by the server."""

from __future__ import annotations

from dataclasses import dataclass, replace

from pickle_reactor import component, create_store, use_store
from pickle_reactor.html import button, li, p, span, ul


@dataclass(frozen=True)
class Line:
    sku: str
    qty: int = 1


@dataclass(frozen=True)
class Cart:
    lines: tuple[Line, ...] = ()


@dataclass(frozen=True)
class Shopper:
    name: str = "guest"


cart = create_store(Cart(), persist="session")
shopper = create_store(Shopper())
PRODUCTS = ("apple", "pear", "plum")


def add(sku: str) -> None:
    def adding(current: Cart) -> Cart:
        for index, line in enumerate(current.lines):
            if line.sku == sku:
                return replace(current, lines=(*current.lines[:index], replace(line, qty=line.qty + 1),
                                               *current.lines[index + 1:]))
        return replace(current, lines=(*current.lines, Line(sku)))

    cart.update(adding)


@component
def CartBadge():
    count = use_store(cart, lambda c: sum(line.qty for line in c.lines))
    who = use_store(shopper, lambda s: s.name)
    return p(class_="badge")[span(class_="who")[who], ": ", span(class_="count")[f"{count} in cart"]]


@component
def ProductList():
    lines = use_store(cart, lambda c: c.lines)
    qty = {line.sku: line.qty for line in lines}
    return ul(class_="products")[
        (li(key=sku)[
            span(class_="name")[sku], " ",
            span(class_=f"qty-{sku}")[str(qty.get(sku, 0))], " ",
            button(class_=f"add-{sku}", on_click=lambda sku=sku: add(sku))[f"Add {sku}"],
        ] for sku in PRODUCTS),
        li[button(class_="clear", on_click=lambda: cart.set(Cart()))["Empty the cart"]],
    ]
