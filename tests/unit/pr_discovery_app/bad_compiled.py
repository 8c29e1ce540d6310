from . import compiled_mid  # noqa: F401
