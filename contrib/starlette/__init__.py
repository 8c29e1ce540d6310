"""Starlette and FastAPI adapter for pickle-reactor."""
