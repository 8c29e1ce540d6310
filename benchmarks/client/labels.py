"""The js-framework-benchmark's row labels, drawn as pages/common.js draws them (Park-Miller, seeded), so
that every page of the run builds the same rows. Its own module: the pickle-reactor apps
(``bench_components``) and the floor page (``floor``, no pickle-reactor) both import it."""

from __future__ import annotations

A = ["pretty", "large", "big", "small", "tall", "short", "long", "handsome", "plain", "quaint", "clean",
     "elegant", "easy", "angry", "crazy", "helpful", "mushy", "odd", "unsightly", "adorable", "important",
     "inexpensive", "cheap", "expensive", "fancy"]
C = ["red", "yellow", "blue", "green", "pink", "brown", "purple", "brown", "white", "black", "orange"]
N = ["table", "chair", "house", "bbq", "desk", "car", "pony", "cookie", "sandwich", "burger", "pizza",
     "mouse", "keyboard"]


class Labels:
    """Park-Miller, as pages/common.js: every framework draws the same labels."""

    seed = 1
    next_id = 1

    @classmethod
    def random(cls, n: int) -> int:
        cls.seed = (cls.seed * 16807) % 2147483647
        return cls.seed % n

    @classmethod
    def build(cls, count: int) -> list[tuple[int, str]]:
        out = []
        r = cls.random
        for _ in range(count):
            out.append((cls.next_id, f"{A[r(len(A))]} {C[r(len(C))]} {N[r(len(N))]}"))
            cls.next_id += 1
        return out
