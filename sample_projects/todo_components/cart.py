"""The sample shop's cart: one store shared by the cart badge and the product list islands, kept in
sessionStorage so a reload keeps it. Ships to the browser (the components import it)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from pickle_reactor import create_store

# What the server shows in the product list (plain JSON props).
PRODUCTS = [
    {"sku": "tea", "name": "Green tea", "price": 4},
    {"sku": "honey", "name": "Honey", "price": 7},
    {"sku": "lemon", "name": "Lemons", "price": 2},
]


@dataclass(frozen=True)
class CartLine:
    sku: str
    name: str
    price: int
    qty: int = 1


@dataclass(frozen=True)
class Cart:
    lines: tuple[CartLine, ...] = ()

    @property
    def count(self) -> int:
        return sum(line.qty for line in self.lines)

    @property
    def total(self) -> int:
        return sum(line.qty * line.price for line in self.lines)

    def qty(self, sku: str) -> int:
        return next((line.qty for line in self.lines if line.sku == sku), 0)


cart = create_store(Cart(), persist="session")


def add_to_cart(sku: str, name: str, price: int) -> None:
    """One more of ``sku``: a new Cart (values in a store never change in place)."""

    def adding(current: Cart) -> Cart:
        if current.qty(sku) == 0:
            return replace(current, lines=(*current.lines, CartLine(sku, name, price)))
        return replace(current, lines=tuple(replace(line, qty=line.qty + 1) if line.sku == sku else line
                                            for line in current.lines))

    cart.update(adding)


def empty_cart() -> None:
    cart.set(Cart())
