"""End-to-end tests (a package, so tests share servers.py and helpers through relative imports)."""
