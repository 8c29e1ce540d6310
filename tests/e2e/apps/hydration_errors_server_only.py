"""Exists on the server only: nothing a component module imports statically, so it never ships."""
