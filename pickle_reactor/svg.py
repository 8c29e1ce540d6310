"""SVG and MathML elements. Their names are case-sensitive (``foreignObject``), and inside ``svg`` or
``math`` the browser creates them in their own namespace; the reconciler tracks that from the tree.

Names SVG shares with HTML (``a``, ``script``, ``style``, ``title``) build the same elements: the
namespace comes from where an element sits, not from the builder. ``filter``, ``set`` also exist as
``filter_``, ``set_`` so that they need not shadow Python builtins.
"""

from __future__ import annotations

from .core.builders import SVG_BUILDERS
from .core.spec import MATHML_ELEMENTS, MATHML_NAMESPACE, SVG_ELEMENTS, SVG_NAMESPACE  # noqa: F401  (re-exported)

__all__ = [*SVG_BUILDERS, "SVG_NAMESPACE", "MATHML_NAMESPACE"]
globals().update(SVG_BUILDERS)
