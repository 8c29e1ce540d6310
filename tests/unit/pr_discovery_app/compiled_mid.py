import brotli  # noqa: F401  (compiled extensions)
