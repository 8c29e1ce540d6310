"""A sample app package for the Reactor tests; this parent __init__ must never reach the browser."""

PARENT_INIT_SECRET = "parent-init-must-not-ship"
