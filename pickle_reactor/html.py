"""Every HTML element as a builder: ``from pickle_reactor.html import div, input_``.

A builder is an empty :class:`~pickle_reactor.vdom.Element`, so ``div[br, hr]`` works. Names that are
Python keywords or builtins also exist with a trailing underscore (``input_``, ``del_``, ``object_``,
``map_``). ``svg`` and ``math`` are here too; their children live in :mod:`pickle_reactor.svg`.
Any other valid name, such as a custom element, is available through ``h("my-widget")`` or as
``html.my_widget``.
"""

from __future__ import annotations

import builtins
import keyword
from typing import Any

from .vdom import Element, _check_tag

HTML_ELEMENTS = (
    "a abbr address area article aside audio b base bdi bdo blockquote body br button canvas caption "
    "cite code col colgroup data datalist dd del details dfn dialog div dl dt em embed fieldset "
    "figcaption figure footer form h1 h2 h3 h4 h5 h6 head header hgroup hr html i iframe img input ins "
    "kbd label legend li link main map mark menu meta meter nav noscript object ol optgroup option "
    "output p param picture pre progress q rp rt ruby s samp script search section select slot small "
    "source span strong style sub summary sup table tbody td template textarea tfoot th thead time "
    "title tr track u ul var video wbr listing svg math"
).split()

__all__ = list(HTML_ELEMENTS)

_builders: dict[str, Element] = {}
for _name in HTML_ELEMENTS:
    _builders[_name] = globals()[_name] = Element(_name)
    if keyword.iskeyword(_name) or hasattr(builtins, _name):
        globals()[_name + "_"] = _builders[_name]
        __all__.append(_name + "_")
del _name


def __getattr__(name: str) -> Any:
    """``html.my_widget`` -> ``<my-widget>``; any other unknown name is an AttributeError."""
    if name.startswith("__"):
        raise AttributeError(name)
    tag = name.rstrip("_").replace("_", "-")
    if "-" in tag:
        return Element(_check_tag(tag))
    raise AttributeError(f"pickle_reactor.html has no element {name!r}; use h({tag!r}) for custom names")
