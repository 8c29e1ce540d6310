"""What a store costs (CPython; the browser runs the same Python, slower by a constant factor).

``.venv/bin/python benchmarks/stores.py`` — a cart of N frozen-dataclass lines. Side by side, in
turns within each of 15 repeats (medians): ``set`` of a value that shares its lines tuple with the
last one (the immutability check skips what it checked before), ``set`` of a value whose every line is
new (the whole value walked), a persisted store's ``set`` (plus its JSON form), the JSON round trip a
browser reload decodes, and ``reactor.provide`` (JSON form and its round-trip check) per request.
"""

from __future__ import annotations

import statistics
import sys
import timeit
from dataclasses import dataclass, replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pickle_reactor import create_store  # noqa: E402
from pickle_reactor.core.store import provide, request_scope  # noqa: E402
from pickle_reactor.core.store_values import decode, encode  # noqa: E402


@dataclass(frozen=True)
class Line:
    sku: str
    name: str
    price: int
    qty: int = 1


@dataclass(frozen=True)
class Cart:
    lines: tuple[Line, ...] = ()
    note: str = ""


def main() -> None:
    sizes = (10, 100, 1000)
    rows = []
    for n in sizes:
        base = Cart(lines=tuple(Line(f"sku{i}", f"Product {i}", i) for i in range(n)))
        plain = create_store(base, name=f"bench.plain{n}")
        walked = create_store(base, name=f"bench.walked{n}")
        persisted = create_store(base, name=f"bench.persisted{n}", persist="local")
        toggle = [base, replace(base, note="x")]
        fresh = [replace(base, lines=tuple(replace(line) for line in base.lines)) for _ in range(2)]
        data = encode(base, "bench")
        cases = {
            "set, lines shared": lambda: (plain.set(toggle[0]), plain.set(toggle[1])),
            "set, every line new": lambda: (walked.set(fresh[0]), walked.set(fresh[1])),
            "set, persisted": lambda: (persisted.set(toggle[0]), persisted.set(toggle[1])),
            "decode (a reload)": lambda: (decode(data, Cart, "b"), decode(data, Cart, "b")),
            "provide (a request)": lambda: _provide(plain, base),
        }
        times: dict[str, list[float]] = {name: [] for name in cases}
        number = max(1, 2000 // n)
        for _ in range(15):
            for name, fn in cases.items():
                times[name].append(timeit.timeit(fn, number=number) / number / 2)
        rows.append((n, {name: statistics.median(values) for name, values in times.items()}))
    names = list(rows[0][1])
    print(f"Python {sys.version.split()[0]}, medians of 15 repeats, µs per call\n")
    print("| lines | " + " | ".join(names) + " |")
    print("| ---: | " + " | ".join("---:" for _ in names) + " |")
    for n, result in rows:
        print(f"| {n:,} | " + " | ".join(f"{result[name] * 1e6:,.1f}" for name in names) + " |")


def _provide(store: object, value: Cart) -> None:
    for _ in range(2):
        with request_scope():
            provide(store, value)  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
