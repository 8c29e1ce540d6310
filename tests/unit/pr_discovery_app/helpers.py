"""A helper of the app: ships because components.py imports it."""

from .deep import util


def money(cents: int) -> str:
    return util.shout(f"${cents / 100:.2f}")
