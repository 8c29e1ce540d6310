"""A package whose __init__ imports server code: it must never ship (the bundle gets an empty one)."""

from pydantic import BaseModel  # noqa: F401  (server-only: refused if a component imported this __init__)

INIT_SECRET = "PACKAGE_INIT_SECRET"
