"""@component: component elements, keys, bracket children, the registry by name."""

from __future__ import annotations

from typing import Any

import pytest

from pickle_reactor import ComponentElement, component, h, render_to_string
from pickle_reactor.core.component import lookup, registry
from pickle_reactor.html import div, h2, p, section


@component
def Card(title: str, children: tuple[Any, ...] = ()) -> Any:
    return section[h2[title], div(class_="body")[children]]


def test_calling_a_component_makes_an_element_with_props_and_key() -> None:
    element = Card(title="x", key="a")
    assert isinstance(element, ComponentElement)
    assert element.type is Card.__wrapped__ and element.props == {"title": "x"} and element.key == "a"
    assert element.name == "Card"


def test_bracket_children_arrive_as_the_children_prop() -> None:
    element = Card(title="x")[p["body"], "text"]
    assert element.props["children"] == (p["body"], "text")
    assert render_to_string(element) == '<section><h2>x</h2><div class="body"><p>body</p>text</div></section>'


def test_props_are_keyword_only_and_keys_are_validated() -> None:
    with pytest.raises(TypeError, match="keyword arguments only"):
        Card("x")
    with pytest.raises(TypeError, match="key must be str or int"):
        Card(title="x", key=1.5)


def test_h_builds_component_elements() -> None:
    element = h(Card, {"title": "t", "key": 3}, p["c"])
    assert element.type is Card.__wrapped__ and element.key == 3 and element.props["children"] == (p["c"],)


def test_components_are_registered_by_qualified_name() -> None:
    name = f"{__name__}.Card"
    assert lookup(name) is Card.__wrapped__ and registry[name] is Card.__wrapped__
    with pytest.raises(KeyError):
        lookup(f"{__name__}.Missing")


def test_passing_the_component_itself_as_a_child_is_a_clear_error() -> None:
    with pytest.raises(TypeError, match="call it: Card"):
        div[Card]
