"""Every HTML element as a builder: ``from pickle_reactor.html import div, input_``.

A builder is an empty element, so ``div[br, hr]`` works. Names that are Python keywords or builtins
also exist with a trailing underscore (``input_``, ``del_``, ``object_``, ``map_``). ``svg`` and
``math`` are here too; their children live in :mod:`pickle_reactor.svg`. Any other valid name, such
as a custom element, is available through ``h("my-widget")`` or as ``html.my_widget``.
"""

from __future__ import annotations

from typing import Any

from .core.builders import HTML_BUILDERS, custom_element
from .core.spec import HTML_ELEMENTS  # noqa: F401  (re-exported: the names this module builds)

__all__ = list(HTML_BUILDERS)
globals().update(HTML_BUILDERS)


def __getattr__(name: str) -> Any:
    return custom_element("pickle_reactor.html", name)
