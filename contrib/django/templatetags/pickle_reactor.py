"""``{% load pickle_reactor %}{% component "Counter" initial=3 %}``: an island in a Django template.

The name and every prop value are ordinary template expressions (``"Counter"``, ``name_var``,
``todos|slice:":10"``), resolved when the template renders. Rendering an island also makes sure the CSRF
cookie is set, because the island's actions send ``X-CSRFToken``.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.middleware.csrf import get_token
from django.template.base import FilterExpression, Parser, Token, token_kwargs
from django.utils.safestring import SafeString, mark_safe

from ..conf import get_reactor

register = template.Library()

_USAGE = '{% component "Counter" initial=3 %}'


class ComponentNode(template.Node):
    """Resolves the name and props in the template context, then renders the island."""

    def __init__(self, name: FilterExpression, props: dict[str, FilterExpression]) -> None:
        self.name = name
        self.props = props

    def render(self, context: template.Context) -> SafeString:
        name = self.name.resolve(context)
        if not isinstance(name, str) or not name:
            raise template.TemplateSyntaxError(
                f"{{% component %}}: the component name must be a non-empty string, "
                f"got {name!r} from {self.name.token!r}"
            )
        props = {key: _plain(value.resolve(context)) for key, value in self.props.items()}
        request = getattr(context, "request", None)
        if request is not None:
            get_token(request)  # the island's action calls send X-CSRFToken: set the cookie on this response
            request._pickle_reactor_islands = True
        markup: Any = get_reactor().island(name, **props)
        return mark_safe(str(markup))


def _plain(value: Any) -> Any:
    """Template literals resolve to ``SafeString``; props are data, so they travel as plain ``str``
    (they are escaped when rendered like any other text)."""
    if isinstance(value, str):
        return str.__str__(value)
    if type(value) is list:
        return [_plain(item) for item in value]
    if type(value) is dict:
        return {key: _plain(item) for key, item in value.items()}
    return value


@register.tag("component")
def component(parser: Parser, token: Token) -> ComponentNode:
    """``{% component <name> [prop=value ...] %}``."""
    bits = token.split_contents()
    tag = bits.pop(0)
    if not bits:
        raise template.TemplateSyntaxError(f"'{tag}' needs a component name, as in {_USAGE}")
    if "=" in bits[0] and not bits[0].startswith(("'", '"')):
        raise template.TemplateSyntaxError(
            f"'{tag}': the first argument is the component name, got {bits[0]!r}; write {_USAGE}"
        )
    name = parser.compile_filter(bits.pop(0))
    props: dict[str, FilterExpression] = {}
    for bit in bits:
        parsed = token_kwargs([bit], parser, support_legacy=False)
        if not parsed:
            raise template.TemplateSyntaxError(
                f"'{tag}': props are keyword arguments (prop=value), got {bit!r}; write {_USAGE}"
            )
        (key, value), = parsed.items()
        if key in props:
            raise template.TemplateSyntaxError(f"'{tag}': the prop {key!r} is given twice")
        props[key] = value
    return ComponentNode(name, props)
