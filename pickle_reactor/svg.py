"""SVG and MathML elements. Their names are case-sensitive (``foreignObject``), and inside ``svg`` or
``math`` the browser creates them in their own namespace; the reconciler tracks that from the tree."""

from __future__ import annotations

from .vdom import Element

SVG_NAMESPACE = "http://www.w3.org/2000/svg"
MATHML_NAMESPACE = "http://www.w3.org/1998/Math/MathML"

SVG_ELEMENTS = (
    "svg g defs symbol use image switch desc title metadata path rect circle ellipse line polyline "
    "polygon text tspan textPath marker linearGradient radialGradient stop pattern clipPath mask "
    "filter feBlend feColorMatrix feComposite feFlood feGaussianBlur feMerge feMergeNode feOffset "
    "foreignObject animate animateMotion animateTransform set view"
).split()
MATHML_ELEMENTS = "math mi mn mo ms mtext mrow mfrac msqrt mroot msub msup msubsup mtable mtr mtd".split()

__all__ = SVG_ELEMENTS + MATHML_ELEMENTS + ["SVG_NAMESPACE", "MATHML_NAMESPACE"]

for _name in SVG_ELEMENTS + MATHML_ELEMENTS:
    globals()[_name] = Element(_name)
    if _name in ("filter", "set", "map"):
        globals()[_name + "_"] = globals()[_name]
del _name
