"""A helper of the components module: not in any allow-list, it ships because components imports it."""

from __future__ import annotations

import humanize


def big(amount: int) -> str:
    return f"{humanize.intcomma(amount)} coins"
