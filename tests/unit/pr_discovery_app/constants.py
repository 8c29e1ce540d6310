"""Reached from deep/util.py by a two-dot relative import."""

EXCLAIM = "!"
