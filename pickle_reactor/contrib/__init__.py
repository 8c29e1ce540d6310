"""Adapters for host frameworks; each lives in the top-level ``contrib/`` folder of the source tree."""
