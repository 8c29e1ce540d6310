"""Uses a vendored pure-Python distribution (client_packages=["humanize"])."""

import humanize


def size(n: int) -> str:
    return humanize.naturalsize(n)
