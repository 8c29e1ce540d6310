"""The element API of API.md §1: builders, attribute rules, children flattening, build-time errors."""

from __future__ import annotations

import pytest

from pickle_reactor import Fragment, Markup, h, render_to_string
from pickle_reactor.core.component import component
from pickle_reactor.core.nodes import ComponentElement, Element, FragmentNode
from pickle_reactor.html import (
    a,
    br,
    button,
    div,
    hr,
    img,
    input_,
    label,
    li,
    p,
    span,
    td,
    ul,
)

# --- builders -------------------------------------------------------------------------------------


def test_attributes_then_children_build_an_element() -> None:
    node = div(class_="box", id="main")[p["Hello ", span["world"]]]
    assert node.tag == "div"
    assert node.props == {"class": "box", "id": "main"}
    (para,) = node.children
    assert para.tag == "p"
    assert para.children[0] == "Hello "
    assert para.children[1].tag == "span"


def test_h_creates_the_same_node_as_the_builder() -> None:
    node = h("div", {"class": "box"}, "Hello")
    assert node.tag == "div"
    assert node.props["class"] == "box"
    assert node.children[0] == "Hello"
    assert node == div(class_="box")["Hello"]


def test_h_accepts_no_props_and_many_children() -> None:
    node = h("ul", None, h("li", None, "a"), [h("li", None, "b")])
    assert [c.children for c in node.children] == [("a",), ("b",)]


def test_h_with_a_builder_or_fragment() -> None:
    assert h(div, {"id": "x"}, "a") == div(id="x")["a"]
    frag = h(Fragment, None, "a", span)
    assert isinstance(frag, FragmentNode)
    assert frag.children == ("a", span)


def test_h_with_a_component_makes_a_component_element() -> None:
    @component
    def Card(title: str = "", children: tuple = ()) -> Element:
        return div[title, children]

    node = h(Card, {"title": "x", "key": "k"}, "body")
    assert isinstance(node, ComponentElement)
    assert node.key == "k"
    assert node.props == {"title": "x", "children": ("body",)}


def test_positional_dict_passes_names_verbatim() -> None:
    node = div({"data-x": 1, "@click": "open = true", ":class": "c", "hx-get": "/x", "class_": "y"})
    assert node.props == {"data-x": "1", "@click": "open = true", ":class": "c", "hx-get": "/x", "class_": "y"}


@pytest.mark.parametrize(
    ("keyword", "attribute"),
    [
        ("class_", "class"),
        ("for_", "for"),
        ("aria_label", "aria-label"),
        ("data_id", "data-id"),
        ("data_user_name", "data-user-name"),
        ("accept_charset", "accept-charset"),
        ("id", "id"),
    ],
)
def test_keyword_names_map_to_html_names(keyword: str, attribute: str) -> None:
    assert div(**{keyword: "v"}).props == {attribute: "v"}


def test_label_for_and_class() -> None:
    assert render_to_string(label(for_="name", class_="lbl")["Name"]) == '<label for="name" class="lbl">Name</label>'


def test_true_is_a_bare_attribute_false_and_none_omit_it() -> None:
    node = input_(disabled=True, checked=False, value=None, required=True)
    assert node.props == {"disabled": True, "required": True}
    assert render_to_string(node) == "<input disabled required>"


def test_none_or_false_removes_an_attribute_set_before() -> None:
    base = div(id="a", hidden=True)
    assert base(id=None, hidden=False).props == {}


def test_numbers_become_strings() -> None:
    assert td(colspan=2, data_ratio=0.5).props == {"colspan": "2", "data-ratio": "0.5"}


def test_markup_as_an_attribute_value_is_plain_text() -> None:
    node = div(title=Markup("<b>"))
    assert type(node.props["title"]) is str
    assert render_to_string(node) == '<div title="&lt;b&gt;"></div>'


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("a b", "a b"),
        (["a", "b"], "a b"),
        (["a", None, False, "", "b"], "a b"),
        ({"a": True, "b": False, "c": 1}, "a c"),
        (["btn", {"active": True, "disabled": False}], "btn active"),
        (("x", "y"), "x y"),
    ],
)
def test_class_takes_str_list_or_dict(value: object, expected: str) -> None:
    assert div(class_=value).props["class"] == expected


@pytest.mark.parametrize("value", ["", [], {}, {"a": False}, [None, False], None, False])
def test_empty_class_is_omitted(value: object) -> None:
    assert "class" not in div(class_=value).props


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("color: red", "color: red"),
        ({"background_color": "red"}, "background-color:red"),
        ({"color": "red", "margin_top": 0, "opacity": 0.5}, "color:red;margin-top:0;opacity:0.5"),
        ({"--main_color": "blue"}, "--main_color:blue"),
        ({"color": None, "width": False, "height": "1px"}, "height:1px"),
    ],
)
def test_style_takes_str_or_dict(value: object, expected: str) -> None:
    assert div(style=value).props["style"] == expected


def test_empty_style_is_omitted() -> None:
    assert "style" not in div(style={}).props
    assert "style" not in div(style={"color": None}).props


# --- key and event handlers -----------------------------------------------------------------------


def test_key_is_kept_on_the_node_and_never_rendered() -> None:
    node = li(key=7, class_="row")["x"]
    assert node.key == 7
    assert "key" not in node.props
    assert render_to_string(node) == '<li class="row">x</li>'


def test_key_survives_later_calls_and_children() -> None:
    assert li(key="a")(class_="c")["x"].key == "a"


@pytest.mark.parametrize("bad", [True, 1.5, object(), ["a"]])
def test_key_must_be_str_or_int(bad: object) -> None:
    with pytest.raises(TypeError, match=r"<li key=\.\.\.>"):
        li(key=bad)


def test_handlers_are_kept_in_events_and_never_rendered() -> None:
    def on_click() -> None: ...

    def on_input(event: object) -> None: ...

    node = button(on_click=on_click, on_input=on_input, type="button")["Go"]
    assert node.events == {"click": on_click, "input": on_input}
    assert node.props == {"type": "button"}
    html = render_to_string(node)
    assert html == '<button type="button">Go</button>'
    assert "on" not in html.replace("button", "")


def test_async_handlers_are_accepted() -> None:
    async def save() -> None: ...

    assert button(on_click=save).events == {"click": save}


@pytest.mark.parametrize(
    ("name", "event"),
    [("on_keydown", "keydown"), ("on_key_down", "keydown"), ("on_submit", "submit"), ("on_double_click", "dblclick")],
)
def test_handler_keyword_names_map_to_dom_event_types(name: str, event: str) -> None:
    assert list(div(**{name: lambda: None}).events) == [event]


def test_react_style_handler_names_in_a_dict() -> None:
    def handler() -> None: ...

    assert div({"onClick": handler}).events == {"click": handler}
    assert div({"onclick": handler}).props == {}


def test_a_handler_must_be_callable() -> None:
    with pytest.raises(TypeError, match=r"<button on-click=\.\.\.>.*callable"):
        button(on_click="alert(1)")


@pytest.mark.parametrize("name", ["onclick", "ONLOAD", "onMouseOver", "on-error", "on_focus"])
def test_inline_on_attributes_are_never_rendered(name: str) -> None:
    with pytest.raises(TypeError, match=rf"<div {name}=\.\.\.>: an event handler must be callable"):
        div({name: "alert(1)"})


def test_false_means_no_handler() -> None:
    assert button(on_click=False).events is None


def test_handler_none_removes_the_handler_without_touching_the_original() -> None:
    def handler() -> None: ...

    with_handler = button(on_click=handler)
    without = with_handler(on_click=None)
    assert without.events is None
    assert with_handler.events == {"click": handler}


def test_handlers_are_never_shared_between_calls() -> None:
    def first() -> None: ...

    def second() -> None: ...

    assert button(class_="b", on_click=first).events == {"click": first}
    assert button(class_="b", on_click=second).events == {"click": second}


# --- children -------------------------------------------------------------------------------------


def test_children_flatten_lists_tuples_and_generators() -> None:
    node = ul[[li["a"], (li["b"], [li["c"]])], (li[str(i)] for i in range(2))]
    assert [c.children[0] for c in node.children] == ["a", "b", "c", "0", "1"]


def test_other_iterables_flatten_too() -> None:
    assert div[range(3)].children == ("0", "1", "2")
    assert div[map(str.upper, "ab")].children == ("A", "B")
    assert div[{"k": "v"}.values()].children == ("v",)


@pytest.mark.parametrize("nothing", [None, True, False, ""])
def test_none_true_false_and_empty_string_render_nothing(nothing: object) -> None:
    # They render nothing but keep their slot (a hole, None), as in React; trailing holes are dropped.
    node = div["a", nothing, [nothing], "b", nothing]
    assert node.children == ("a", None, None, "b")
    assert str(node) == "<div>a<!-- -->b</div>"
    assert div[nothing].children == ()


def test_numbers_become_text_children() -> None:
    assert div[1, 2.5, -3].children == ("1", "2.5", "-3")
    assert div[0].children == ("0",)


def test_fragment_children_are_spliced_into_the_parent() -> None:
    node = div["a", Fragment[span, "b", Fragment["c"]], "d"]
    assert node.children == ("a", span, "b", "c", "d")


def test_fragment_groups_children_without_a_wrapper() -> None:
    assert render_to_string(Fragment[p["a"], p["b"]]) == "<p>a</p><p>b</p>"


def test_markup_is_kept_trusted_and_objects_with_html_become_markup() -> None:
    class Trusted:
        def __html__(self) -> str:
            return "<i>x</i>"

    node = div[Markup("<b>y</b>"), Trusted()]
    assert all(isinstance(c, Markup) for c in node.children)
    # Markup may begin or end with text, so it is separated from its neighbours like text.
    assert render_to_string(node) == "<div><b>y</b><!-- --><i>x</i></div>"


def test_plain_str_subclasses_lose_nothing_but_are_not_trusted() -> None:
    class Name(str):
        pass

    node = div[Name("<x>")]
    assert type(node.children[0]) is str
    assert render_to_string(node) == "<div>&lt;x&gt;</div>"


def test_a_builder_is_itself_an_element() -> None:
    node = div[br, hr, img(src="x.png")]
    assert [c.tag for c in node.children] == ["br", "hr", "img"]
    assert render_to_string(node) == '<div><br><hr><img src="x.png"></div>'


def test_children_added_twice_are_appended() -> None:
    assert div["a"]["b"].children == ("a", "b")


def test_generators_are_consumed_once_at_build_time() -> None:
    rows = (li[str(i)] for i in range(3))
    node = ul[rows]
    assert len(node.children) == 3
    assert render_to_string(node) == render_to_string(node)


# --- immutability ---------------------------------------------------------------------------------


def test_calls_and_children_return_new_nodes_and_leave_the_original_unchanged() -> None:
    base = div(class_="a")
    with_id = base(id="x")
    with_children = base["text", span]
    assert with_id is not base and with_children is not base
    assert base.props == {"class": "a"} and base.children == ()
    assert with_id.props == {"class": "a", "id": "x"}
    assert with_children.props == {"class": "a"}
    assert with_children.children == ("text", span)


def test_builders_are_never_modified() -> None:
    div(id="x")["child"]
    div["child"]
    assert div.props == {} and div.children == () and div.key is None and div.events is None


def test_children_are_a_tuple() -> None:
    assert isinstance(div[[p, p]].children, tuple)


def test_elements_are_not_iterable() -> None:
    with pytest.raises(TypeError, match="<div> is not iterable"):
        list(div)


# --- build-time errors ----------------------------------------------------------------------------


@pytest.mark.parametrize("void", [br, hr, img, input_])
def test_void_elements_refuse_children(void: Element) -> None:
    with pytest.raises(TypeError, match=rf"<{void.tag}> is a void element"):
        void["x"]


def test_h_refuses_children_of_void_elements() -> None:
    with pytest.raises(TypeError, match="<br> is a void element"):
        h("br", None, "x")


@pytest.mark.parametrize(
    "name",
    ["x onmouseover=a y", "a>b", "", "a b", 'a"b', "a'b", "a=b", "a/b", "a<b", "1abc", "-x", "a\tb", "a\nb", "é"],
)
def test_invalid_attribute_names_raise_naming_element_and_attribute(name: str) -> None:
    with pytest.raises(ValueError, match="<div>: invalid attribute name") as info:
        div({name: 1})
    assert repr(name) in str(info.value)


def test_invalid_keyword_attribute_names_raise_too() -> None:
    with pytest.raises(ValueError, match="'x y'"):
        span(**{"x y": "1"})


def test_attribute_names_must_be_strings() -> None:
    with pytest.raises(TypeError, match="<div>: attribute names must be str"):
        div({1: "x"})


@pytest.mark.parametrize("value", [object(), b"bytes", ["a"], {"a": 1}, 1j])
def test_unsupported_attribute_values_raise_naming_element_and_attribute(value: object) -> None:
    with pytest.raises(TypeError, match=r"<a title=\.\.\.>: unsupported attribute value of type"):
        a(title=value)


@pytest.mark.parametrize("value", [1, object()])
def test_unsupported_class_values_raise(value: object) -> None:
    with pytest.raises(TypeError, match=r"<div class=\.\.\.>"):
        div(class_=value)


def test_unsupported_class_list_items_raise() -> None:
    with pytest.raises(TypeError, match=r"<div class=\.\.\.>: class list items must be str"):
        div(class_=["a", 3])


@pytest.mark.parametrize("value", [1, ["color:red"], {"color": object()}])
def test_unsupported_style_values_raise(value: object) -> None:
    with pytest.raises(TypeError, match=r"<div style=\.\.\.>"):
        div(style=value)


@pytest.mark.parametrize("child", [object(), b"bytes", {"a": 1}, 1j])
def test_unsupported_children_raise_naming_the_parent(child: object) -> None:
    with pytest.raises(TypeError, match="<p>: unsupported child of type"):
        p[child]


def test_a_component_passed_without_calling_it_raises_with_a_hint() -> None:
    @component
    def Counter() -> Element:
        return div

    with pytest.raises(TypeError, match=r"call it: Counter\(\)"):
        div[Counter]


@pytest.mark.parametrize("tag", ["", "div onclick", "1a", "a>b", "-x", "my widget"])
def test_h_refuses_invalid_tag_names(tag: str) -> None:
    with pytest.raises(ValueError, match="invalid element name"):
        h(tag)


def test_positional_attributes_must_be_a_dict() -> None:
    with pytest.raises(TypeError, match="<div>: positional attributes must be a dict"):
        div(["id", "x"])


def test_repeated_calls_never_confuse_equal_values_of_other_types() -> None:
    # Builder calls with str values are cached; True == 1 and Markup == str must not share entries.
    for _ in range(2):
        assert td(colspan="1").props == {"colspan": "1"}
        assert td(colspan=True).props == {"colspan": True}
        assert td(colspan=1).props == {"colspan": "1"}
        assert type(td(title=Markup("<b>")).props["title"]) is str
        assert td(class_="a", id="b").props == {"class": "a", "id": "b"}
        assert td(id="b", class_="a").props == {"id": "b", "class": "a"}


def test_repeated_calls_on_elements_with_children_or_handlers_keep_them() -> None:
    def handler() -> None: ...

    assert td["x"](class_="c").children == ("x",)
    assert td(on_click=handler)(class_="c").events == {"click": handler}
    assert td(class_="c").children == () and td(class_="c").events is None
