"""React's documented semantics where pickle-reactor used to differ (issue 11, items 1-7), through the
public API and ``pickle_reactor.testing.mount``: holes keep their slot, keyed fragments, bailing out
of a batch that ends on the rendered value, render-phase updates, the order of layout cleanups and
refs, ``Object.is`` for NaN, the remaining void elements and immutable nodes."""

from __future__ import annotations

from typing import Any

import pytest

from pickle_reactor import (
    Fragment,
    component,
    create_context,
    h,
    render_to_string,
    use_context,
    use_effect,
    use_layout_effect,
    use_reducer,
    use_ref,
    use_state,
)
from pickle_reactor.html import button, div, input_, li, p, span, ul
from pickle_reactor.testing import mount
from pickle_reactor.testing.parser import parse_html


# A counter used by several sections.
@component
def Row(label: str) -> Any:
    count, set_count = use_state(0)
    return button(class_=f"row-{label}", on_click=lambda e: set_count(count + 1))[f"{label}:{count}"]


# --- 1. holes keep their slot -------------------------------------------------------------------


@component
def Toggled(initial: bool = True) -> Any:
    show, set_show = use_state(initial)
    return div[
        button(id="toggle", on_click=lambda e: set_show(not show))["toggle"],
        show and input_(name="a"),
        input_(name="b"),
    ]


@pytest.mark.parametrize("hole", [None, False, True, ""])
def test_a_hidden_sibling_does_not_hand_its_dom_node_to_the_next_one(hole: Any) -> None:
    @component
    def Form() -> Any:
        show, set_show = use_state(True)
        return div[
            button(on_click=lambda e: set_show(not show))["toggle"],
            input_(name="a") if show else hole,
            input_(name="b"),
        ]

    view = mount(Form())
    b = view.get('input[name="b"]')
    view.input(b, "typed into b")
    view.click("button")
    assert view.query('input[name="a"]') is None
    assert view.get('input[name="b"]') is b  # the same DOM node: what was typed stays
    assert b.value == "typed into b"
    view.click("button")
    assert view.get('input[name="b"]') is b
    assert [el.attrs["name"] for el in view.query_all("input")] == ["a", "b"]


def test_a_hole_keeps_component_state_in_its_own_slot() -> None:
    @component
    def Counter(label: str) -> Any:
        count, set_count = use_state(0)
        return button(class_=label, on_click=lambda e: set_count(count + 1))[f"{label} {count}"]

    @component
    def App() -> Any:
        active, set_active = use_state(True)
        return div[
            span(id="off", on_click=lambda e: set_active(not active))["toggle"],
            active and Counter(label="first"),
            Counter(label="second"),
        ]

    view = mount(App())
    view.click(".second")
    view.click(".second")
    assert view.get(".second").text == "second 2"
    view.click("#off")
    assert view.query(".first") is None
    assert view.get(".second").text == "second 2"  # not the first one's state, not a fresh one
    view.click("#off")
    assert view.get(".first").text == "first 0"
    assert view.get(".second").text == "second 2"


def test_holes_in_component_output_keep_their_slot_too() -> None:
    @component
    def Items(first: bool) -> Any:
        return [first and li(class_="one")["one"], li(class_="two")["two"]]

    @component
    def App() -> Any:
        first, set_first = use_state(True)
        return ul(on_click=lambda e: set_first(not first))[Items(first=first)]

    view = mount(App())
    two = view.get(".two")
    view.click("ul")
    assert view.get(".two") is two
    assert view.html == '<ul><li class="two">two</li></ul>'


def test_holes_render_nothing_on_the_server_and_hydrate_without_a_mismatch() -> None:
    node = div[None, "a", False, "b", True, span["c"], "", None]
    assert render_to_string(node) == "<div>a<!-- -->b<span>c</span></div>"
    assert node.children == (None, "a", None, "b", None, span["c"])  # trailing holes are dropped
    view = mount(Toggled(), hydrate=True)
    assert view.warnings == []
    b = view.get('input[name="b"]')
    view.click("#toggle")
    assert view.get('input[name="b"]') is b


# --- 2. keyed fragments ---------------------------------------------------------------------------


def test_reordering_keyed_fragments_moves_their_children_with_their_state() -> None:
    @component
    def List() -> Any:
        order, set_order = use_state(["a", "b", "c"])
        return div[
            span(id="reverse", on_click=lambda e: set_order(order[::-1]))["reverse"],
            [Fragment(key=k)[Row(label=k), p[f"about {k}"]] for k in order],
        ]

    view = mount(List())
    view.click(".row-a")
    view.click(".row-c")
    view.click(".row-c")
    button_a = view.get(".row-a")
    view.click("#reverse")
    assert view.text == "reversec:2about cb:0about ba:1about a"
    assert view.get(".row-a") is button_a  # moved, not re-created


def test_h_fragment_with_a_key_is_a_keyed_group() -> None:
    @component
    def List() -> Any:
        order, set_order = use_state(["x", "y"])
        return div[
            span(id="reverse", on_click=lambda e: set_order(order[::-1]))["reverse "],
            [h(Fragment, {"key": k}, Row(label=k)) for k in order],
        ]

    view = mount(List())
    view.click(".row-y")
    view.click("#reverse")
    assert view.text == "reverse y:1x:0"


@pytest.mark.parametrize(
    "before, after",
    [
        (lambda: Fragment(key="one")[Row(label="r")], lambda: Fragment(key="two")[Row(label="r")]),
        (lambda: Fragment(key="one")[Row(label="r")], lambda: Fragment[Row(label="r")]),
        (lambda: Fragment[Row(label="r")], lambda: Fragment(key="one")[Row(label="r")]),
        (lambda: Fragment(key="one")[Row(label="r")], lambda: [Row(label="r")]),
        (lambda: [Row(label="r")], lambda: Fragment(key="one")[Row(label="r")]),
    ],
    ids=["new key", "keyed to unkeyed", "unkeyed to keyed", "keyed to list", "list to keyed"],
)
def test_changing_a_fragment_key_or_kind_remounts_its_children(before: Any, after: Any) -> None:
    @component
    def App() -> Any:
        second, set_second = use_state(False)
        return div[span(id="switch", on_click=lambda e: set_second(True))["switch"], after() if second else before()]

    view = mount(App())
    view.click(".row-r")
    assert view.get(".row-r").text == "r:1"
    view.click("#switch")
    assert view.get(".row-r").text == "r:0"


def test_a_keyed_fragment_renders_its_children_on_the_server_and_hydrates() -> None:
    @component
    def Page() -> Any:
        return div[[Fragment(key=k)[span[k], "text"] for k in "ab"]]

    assert render_to_string(Page()) == "<div><span>a</span>text<span>b</span>text</div>"
    view = mount(Page(), hydrate=True)
    assert view.warnings == []


# --- 3. a batch that ends on the rendered value bails out ---------------------------------------


def test_setting_and_resetting_state_in_one_handler_renders_no_child_and_runs_no_effect() -> None:
    renders: list[str] = []
    effects: list[str] = []

    @component
    def Child() -> Any:
        renders.append("child")
        return span["child"]

    @component
    def Parent() -> Any:
        value, set_value = use_state("initial")
        count, dispatch = use_reducer(lambda state, action: state + action, 0)
        use_effect(lambda: effects.append(value))

        def click(event: Any) -> None:
            set_value("x")
            set_value("initial")
            dispatch(1)
            dispatch(-1)

        return div[button(on_click=click)[value, str(count)], Child()]

    view = mount(Parent())
    assert renders == ["child"] and effects == ["initial"]
    view.click("button")
    assert renders == ["child"]
    assert effects == ["initial"]
    assert view.get("button").text == "initial0"


def test_a_consumer_effect_that_sets_and_resets_provider_state_in_its_cleanup_does_not_loop() -> None:
    Count = create_context(0, "Count")
    runs: list[int] = []

    @component
    def Consumer(set_count: Any) -> Any:
        value = use_context(Count)

        def effect() -> Any:
            runs.append(value)
            set_count(1)
            return lambda: set_count(0)

        use_effect(effect)  # every commit
        return p[f"value {value}"]

    @component
    def Provider() -> Any:
        count, set_count = use_state(0)
        return Count.provider(count)[Consumer(set_count=set_count)]

    view = mount(Provider())  # raises ComponentError when updates keep scheduling updates
    assert view.text == "value 1"
    assert runs == [0, 1]
    view.unmount()


# --- 4. render-phase updates --------------------------------------------------------------------


def test_effect_deps_are_compared_with_the_committed_render_not_a_discarded_one() -> None:
    runs: list[int] = []

    @component
    def Derived(value: int) -> Any:
        seen, set_seen = use_state(None)
        if seen != value:
            set_seen(value)  # a render-phase update: this render is thrown away and done again
        use_effect(lambda: runs.append(value), [value])
        return span[str(value)]

    @component
    def App() -> Any:
        value, set_value = use_state(1)
        return div(on_click=lambda e: set_value(value + 1))[Derived(value=value)]

    view = mount(App())
    assert runs == [1]
    view.click("div")
    assert runs == [1, 2]
    assert view.text == "2"


# --- 5. layout cleanups before the DOM changes; refs children first -------------------------------


def test_layout_cleanup_of_a_removed_component_sees_the_old_dom() -> None:
    seen: list[Any] = []

    @component
    def Child() -> Any:
        ref = use_ref()

        def layout() -> Any:
            def cleanup() -> None:
                node = ref.current
                seen.append(("layout", node is not None and node.parent is not None))

            return cleanup

        def passive() -> Any:
            return lambda: seen.append(("passive", ref.current is None))

        use_layout_effect(layout, [])
        use_effect(passive, [])
        return span(id="child", ref=ref)["child"]

    @component
    def App() -> Any:
        show, set_show = use_state(True)
        return div(on_click=lambda e: set_show(False))[Child() if show else p["other"]]

    view = mount(App())
    view.click("div")
    # the layout cleanup ran while <span> was still in the document; the passive one after
    assert seen == [("layout", True), ("passive", True)]
    assert view.html == "<div><p>other</p></div>"


def test_layout_cleanup_of_a_replaced_component_runs_before_the_replacement_is_inserted() -> None:
    seen: list[str] = []
    holder: dict[str, Any] = {}

    @component
    def Old() -> Any:
        use_layout_effect(lambda: (lambda: seen.append(holder["view"].html)), [])
        return span["old"]

    @component
    def New() -> Any:
        return p["new"]

    @component
    def App() -> Any:
        new, set_new = use_state(False)
        return div(on_click=lambda e: set_new(True))[New() if new else Old()]

    view = holder["view"] = mount(App())
    view.click("div")
    assert seen == ["<div><span>old</span></div>"]


def test_refs_are_attached_children_first_before_layout_effects() -> None:
    order: list[str] = []

    @component
    def App() -> Any:
        outer = use_ref()
        inner = use_ref()

        def layout() -> None:
            order.append(f"layout outer={outer.current is not None} inner={inner.current is not None}")

        use_layout_effect(layout, [])
        return div(ref=lambda node: node and (outer.__setattr__("current", node), order.append("outer")))[
            span(ref=lambda node: node and (inner.__setattr__("current", node), order.append("inner")))["x"],
        ]

    mount(App())
    assert order == ["inner", "outer", "layout outer=True inner=True"]


# --- 6. Object.is: NaN is NaN --------------------------------------------------------------------


def test_a_fresh_nan_is_the_same_as_the_current_nan() -> None:
    renders: list[float] = []
    effects: list[float] = []

    @component
    def App() -> Any:
        value, set_value = use_state(float("nan"))
        renders.append(value)
        use_effect(lambda: effects.append(value), [float("nan")])
        return button(on_click=lambda e: set_value(float("nan")))["nan"]

    view = mount(App())
    view.click("button")
    assert len(renders) == 1 and len(effects) == 1


# --- 7. void elements; immutable nodes -----------------------------------------------------------


@pytest.mark.parametrize("tag", ["basefont", "bgsound", "keygen", "frame"])
def test_the_remaining_void_elements_have_no_end_tag_and_no_children(tag: str) -> None:
    assert render_to_string(h(tag, {"id": "v"})) == f'<{tag} id="v">'
    with pytest.raises(TypeError, match="void element"):
        h(tag, None, "text")
    # the in-memory DOM parses them as the browser does: the next element is a sibling
    [first, second] = parse_html(f"<{tag}><p>after</p>")
    assert first.tag == tag and first.children == [] and second.tag == "p"
    assert first.outer_html == f"<{tag}>"


def test_nodes_are_immutable() -> None:
    el = div(class_="box")["text"]
    with pytest.raises(AttributeError, match="immutable"):
        el.tag = "span"  # type: ignore[misc]
    with pytest.raises(AttributeError, match="immutable"):
        el.children = ()  # type: ignore[misc]
    with pytest.raises(AttributeError, match="immutable"):
        del el.key
    assert el.tag == "div" and str(el) == '<div class="box">text</div>'
    comp = Row(label="a")
    with pytest.raises(AttributeError, match="immutable"):
        comp.props = {}  # type: ignore[misc]
    frag = Fragment["a"]
    with pytest.raises(AttributeError, match="immutable"):
        frag.key = "k"  # type: ignore[misc]
    assert type(el) is type(div)  # built nodes are plain Elements


def test_holes_around_markup_leave_it_the_inner_html() -> None:
    from pickle_reactor import Markup

    @component
    def App() -> Any:
        on, set_on = use_state(False)
        return div(on_click=lambda e: set_on(not on))[on and span["x"], Markup("<b>bold</b>")]

    view = mount(App())
    assert view.html == "<div><b>bold</b></div>"
    hydrated = mount(App(), hydrate=True)
    assert hydrated.warnings == [] and hydrated.html == "<div><b>bold</b></div>"


def test_use_id_inside_a_keyed_fragment_matches_the_server() -> None:
    from pickle_reactor import use_id

    @component
    def Field(label: str) -> Any:
        return input_(id=use_id(), name=label)

    @component
    def Form() -> Any:
        return div[[Fragment(key=k)[Field(label=k)] for k in "ab"], Field(label="c")]

    view = mount(Form(), hydrate=True)
    assert view.warnings == []
    ids = [el.attrs["id"] for el in view.query_all("input")]
    assert len(set(ids)) == 3
