"""Django adapter for pickle-reactor."""
