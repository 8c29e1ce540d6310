"""What the HTML standard says about element names: which are void, raw text, or foreign.

One place for these facts, because the node builders, the serialiser, the reconciler and the
in-memory DOM of ``pickle_reactor.testing`` must all agree on them.
"""

from __future__ import annotations

__all__ = [
    "ESCAPABLE_RAW_TEXT",
    "HTML_ELEMENTS",
    "LEADING_NEWLINE",
    "MATHML_ELEMENTS",
    "MATHML_NAMESPACE",
    "RAW_TEXT",
    "SVG_ELEMENTS",
    "SERIALISES_SPECIALLY",
    "SVG_NAMESPACE",
    "VOID_ELEMENTS",
]

VOID_ELEMENTS = frozenset(
    "area base basefont bgsound br col embed frame hr img input keygen link meta param source track wbr".split()
)
RAW_TEXT = frozenset(("script", "style", "xmp", "iframe", "noembed", "noframes"))
ESCAPABLE_RAW_TEXT = frozenset(("textarea", "title"))
# The parser drops one newline right after these start tags.
LEADING_NEWLINE = frozenset(("pre", "textarea", "listing"))
# HTML elements whose serialisation is more than "start tag, children, end tag".
SERIALISES_SPECIALLY = VOID_ELEMENTS | RAW_TEXT | ESCAPABLE_RAW_TEXT | LEADING_NEWLINE | {"svg", "math", "plaintext"}

SVG_NAMESPACE = "http://www.w3.org/2000/svg"
MATHML_NAMESPACE = "http://www.w3.org/1998/Math/MathML"

HTML_ELEMENTS = (
    "a abbr address area article aside audio b base bdi bdo blockquote body br button canvas caption "
    "cite code col colgroup data datalist dd del details dfn dialog div dl dt em embed fieldset "
    "figcaption figure footer form h1 h2 h3 h4 h5 h6 head header hgroup hr html i iframe img input ins "
    "kbd label legend li link main map mark menu meta meter nav noscript object ol optgroup option "
    "output p param picture pre progress q rp rt ruby s samp script search section select slot small "
    "source span strong style sub summary sup table tbody td template textarea tfoot th thead time "
    "title tr track u ul var video wbr listing svg math"
).split()
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
