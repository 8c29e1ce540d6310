"""Only needed as a package (`from .deep import util`): ships as an empty __init__."""

import django  # noqa: F401  (server-only, never followed)

DEEP_INIT_SECRET = "DEEP_INIT_SECRET"
