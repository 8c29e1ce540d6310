"""A package whose own name is imported (`from pr_discovery_app.initpkg import VERSION`): its real
__init__ ships and its imports are followed."""

from .version import VERSION

__all__ = ["VERSION"]
