"""SVG and MathML elements. Their names are case-sensitive (``foreignObject``), and inside ``svg`` or
``math`` the browser creates them in their own namespace; the reconciler tracks that from the tree.

Names SVG shares with HTML (``a``, ``script``, ``style``, ``title``) are the same builders: the
namespace comes from where an element sits, not from the builder. ``filter``, ``set`` also exist as
``filter_``, ``set_`` so that they need not shadow Python builtins.
"""

from __future__ import annotations

from .vdom import Element

SVG_NAMESPACE = "http://www.w3.org/2000/svg"
MATHML_NAMESPACE = "http://www.w3.org/1998/Math/MathML"

SVG_ELEMENTS = (
    "svg g defs symbol use image switch desc title metadata path rect circle ellipse line polyline "
    "polygon text tspan textPath marker linearGradient radialGradient stop pattern clipPath mask "
    "filter feBlend feColorMatrix feComponentTransfer feComposite feConvolveMatrix feDiffuseLighting "
    "feDisplacementMap feDistantLight feDropShadow feFlood feFuncA feFuncB feFuncG feFuncR "
    "feGaussianBlur feImage feMerge feMergeNode feMorphology feOffset fePointLight "
    "feSpecularLighting feSpotLight feTile feTurbulence foreignObject animate animateMotion "
    "animateTransform mpath set view a script style"
).split()
MATHML_ELEMENTS = (
    "math mi mn mo ms mtext mspace mrow mfrac msqrt mroot msub msup msubsup munder mover munderover "
    "mmultiscripts mprescripts mtable mtr mtd mstyle merror mpadded mphantom menclose semantics "
    "annotation"
).split()

__all__ = [*SVG_ELEMENTS, *MATHML_ELEMENTS, "filter_", "set_", "SVG_NAMESPACE", "MATHML_NAMESPACE"]

for _name in SVG_ELEMENTS + MATHML_ELEMENTS:
    globals()[_name] = Element(_name)
filter_ = globals()["filter"]
set_ = globals()["set"]
del _name
