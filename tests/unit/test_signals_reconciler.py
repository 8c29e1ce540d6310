"""Signals in components (reconciler/bindings.py): auto-tracking re-renders, and DOM text and
attributes bound to a signal, patched without any render, in pickle_reactor.testing, SSR and hydration."""

from __future__ import annotations

import pytest

from pickle_reactor import (
    batch,
    component,
    computed,
    effect,
    memo,
    render_to_string,
    signal,
    use_effect,
    use_state,
)
from pickle_reactor.core.reconciler.ops import count_ops, iter_ops
from pickle_reactor.html import b, button, div, input_, li, p, span, ul
from pickle_reactor.testing import mount


def _bump(s: object) -> None:
    s.value += 1  # type: ignore[attr-defined]


# --- auto-tracking -----------------------------------------------------------------------------------


def test_component_that_reads_a_signal_renders_again_when_it_changes() -> None:
    count = signal(0)
    renders: list[int] = []

    @component
    def Counter():
        renders.append(count.value)
        return button(on_click=lambda: _bump(count))[f"count {count.value}"]

    view = mount(Counter())
    view.click("button")
    assert view.text == "count 1" and renders == [0, 1]
    count.value = 5  # from plain code: the next flush renders it
    view.settle()
    assert view.text == "count 5" and renders == [0, 1, 5]


def test_component_renders_once_for_a_batch_of_writes() -> None:
    a, b_ = signal(1), signal(2)
    renders: list[int] = []

    @component
    def Sum():
        renders.append(1)
        return p[f"{a.value + b_.value}"]

    def both() -> None:
        with batch():
            a.value = 10
            b_.value = 20

    @component
    def App():
        return div[Sum(), button(on_click=both)["go"]]

    view = mount(App())
    view.click("button")
    assert view.query("p").text == "30" and len(renders) == 2
    assert len(view.commits) == 2  # the mount and one commit for the batch


def test_computed_back_to_the_same_value_renders_nothing() -> None:
    n = signal(1)
    odd = computed(lambda: n.value % 2 == 1)
    renders: list[bool] = []

    @component
    def Parity():
        renders.append(odd.value)
        return p["odd" if odd.value else "even"]

    view = mount(Parity())
    n.value = 3
    view.settle()
    assert renders == [True]
    n.value = 4
    view.settle()
    assert renders == [True, False] and view.text == "even"


def test_component_subscribes_only_to_what_its_last_render_read() -> None:
    use_a, a, other = signal(True), signal("a"), signal("b")
    renders: list[str] = []

    @component
    def Pick():
        text = a.value if use_a.value else other.value
        renders.append(text)
        return p[text]

    view = mount(Pick())
    use_a.value = False
    view.settle()
    a.value = "changed"  # no longer read
    view.settle()
    assert renders == ["a", "b"] and not a._targets


def test_memo_component_still_renders_on_its_own_signals() -> None:
    label = signal("x")
    renders: list[str] = []

    @component
    def Row(n: int):
        renders.append(label.value)
        return li[f"{n} {label.value}"]

    Row = memo(Row)

    @component
    def List():
        tick, set_tick = use_state(0)
        return div[button(on_click=lambda: set_tick(tick + 1))["re-render"], ul[Row(n=1)]]

    view = mount(List())
    view.click("button")  # the parent renders; the memo row does not
    assert renders == ["x"]
    label.value = "y"
    view.settle()
    assert renders == ["x", "y"] and view.query("li").text == "1 y"


def test_unmount_drops_every_subscription() -> None:
    count = signal(0)
    name = computed(lambda: f"#{count.value}")

    @component
    def Show():
        return div(title=name)[p[str(count.value)], span[count], b[name]]

    view = mount(Show())
    assert count._targets
    view.unmount()
    assert not count._targets and not name._targets
    count.value = 1  # nothing left to notify, nothing scheduled
    view.settle()
    assert view.html == ""


def test_effect_started_in_use_effect_is_disposed_on_unmount() -> None:
    count = signal(0)
    seen: list[int] = []

    @component
    def Logger():
        use_effect(lambda: effect(lambda: seen.append(count.value)), [])
        return p["logging"]

    view = mount(Logger())
    count.value = 1
    view.unmount()
    count.value = 2
    assert seen == [0, 1] and not count._targets


# --- fine-grained text -------------------------------------------------------------------------------


def test_signal_child_patches_its_text_node_without_rendering() -> None:
    count = signal(0)
    renders: list[int] = []

    @component
    def Counter():
        renders.append(1)
        return div[span(id="n")["count: ", count], button(on_click=lambda: _bump(count))["+"]]

    view = mount(Counter())
    text_id = view.get("#n").children[1].id
    view.click("button")
    view.click("button")
    assert view.get("#n").text == "count: 2"
    assert renders == [1]  # the component never rendered again
    assert view.commits[-1] == [6, text_id, "2"]  # SET_TEXT on that node: the whole commit


def test_a_batch_of_signal_writes_is_one_op_buffer() -> None:
    labels = [signal(f"row {i}") for i in range(10)]

    def update() -> None:
        with batch():
            for i, label in enumerate(labels):
                if i % 3 == 0:
                    label.value += " !"

    view = mount(div[ul[(li[label] for label in labels)], button(on_click=update)["update"]])
    before = len(view.commits)
    view.click("button")
    assert len(view.commits) == before + 1
    assert count_ops(view.commits[-1]) == {"SET_TEXT": 4}
    assert [item.text for item in view.query_all("li")][:4] == ["row 0 !", "row 1", "row 2", "row 3 !"]


def test_computed_child_and_numbers_render_as_text() -> None:
    price = signal(2.5)
    total = computed(lambda: price.value * 2)
    view = mount(p[total, " / ", price])
    assert view.text == "5.0 / 2.5"
    price.value = 3
    view.settle()
    assert view.text == "6 / 3"


def test_signal_child_that_becomes_empty_or_elements_renders_in_place() -> None:
    content = signal("text")
    view = mount(div[b["before"], content, b["after"]])
    content.value = ""
    view.settle()
    assert view.html == "<div><b>before</b><b>after</b></div>"
    content.value = "back"
    view.settle()
    assert view.html == "<div><b>before</b>back<b>after</b></div>"
    content.value = span["an element"]
    view.settle()
    assert view.html == "<div><b>before</b><span>an element</span><b>after</b></div>"


def test_replaced_signal_child_is_unbound() -> None:
    first, second = signal("one"), signal("two")

    @component
    def Switch():
        use_second, set_use = use_state(False)
        return div[button(on_click=lambda: set_use(True))["switch"], p[second if use_second else first]]

    view = mount(Switch())
    view.click("button")
    assert view.query("p").text == "two"
    assert not first._targets and second._targets
    first.value = "ignored"
    view.settle()
    assert view.query("p").text == "two"


def test_removed_element_unbinds_its_signals() -> None:
    label, cls = signal("x"), signal("on")

    @component
    def Toggle():
        shown, set_shown = use_state(True)
        return div[button(on_click=lambda: set_shown(False))["hide"], shown and p(class_=cls)[label]]

    view = mount(Toggle())
    view.click("button")
    assert view.query("p") is None
    assert not label._targets and not cls._targets


# --- fine-grained attributes --------------------------------------------------------------------------


def test_signal_attribute_patches_the_attribute_without_rendering() -> None:
    selected = signal(False)
    renders: list[int] = []
    cls = computed(lambda: "danger" if selected.value else None)

    @component
    def Row():
        renders.append(1)
        return div(class_=cls, data_id="7")[button(on_click=lambda: setattr(selected, "value", not selected.value))["x"]]

    view = mount(Row())
    nid = view.get("div").id
    assert "class" not in view.attrs("div")
    view.click("button")
    assert view.attrs("div") == {"class": "danger", "data-id": "7"}
    assert view.commits[-1] == [3, nid, "class", "danger"]
    view.click("button")
    assert view.commits[-1] == [4, nid, "class"]  # None removes it
    assert renders == [1]


def test_signal_attribute_values_are_normalised_like_plain_ones() -> None:
    classes = signal({"a": True, "b": False})
    hidden = signal(True)
    style = signal({"background_color": "red"})
    view = mount(div(class_=classes, hidden=hidden, style=style))
    assert view.attrs("div") == {"class": "a", "hidden": "", "style": "background-color:red"}
    with batch():
        classes.value = ["x", "y"]
        hidden.value = False
    view.settle()
    assert view.attrs("div") == {"class": "x y", "style": "background-color:red"}


def test_bad_signal_attribute_value_raises_naming_the_attribute() -> None:
    with pytest.raises(TypeError, match=r"<div title=\.\.\.>: unsupported attribute value of type list"):
        div(title=signal([1]))
    later = signal("ok")
    view = mount(div(title=later), raise_errors=False)
    later.value = [1]  # type: ignore[assignment]
    view.settle()
    assert view.attrs("div") == {"title": "ok"}  # keeps the last good value
    assert "title=..." in str(view.errors[-1].exception)


def test_input_value_bound_to_a_signal_sets_the_live_property() -> None:
    text = signal("hello")
    view = mount(input_(value=text, name="q"))
    assert view.get("input").value == "hello"
    text.value = "world"
    view.settle()
    nid = view.get("input").id
    assert view.commits[-1] == [5, nid, "value", "world"]  # SET_PROP: what the user sees
    assert view.get("input").value == "world"


def test_rebinding_an_attribute_to_another_signal_or_a_plain_value() -> None:
    a, b_ = signal("from a"), signal("from b")
    mode = signal("a")

    @component
    def Box():
        m = mode.value
        title = a if m == "a" else b_ if m == "b" else "plain" if m == "plain" else None
        return div(title=title)

    view = mount(Box())
    assert view.attrs("div") == {"title": "from a"}
    for m, want in (("b", {"title": "from b"}), ("plain", {"title": "plain"}), ("a", {"title": "from a"}),
                    ("none", {})):
        mode.value = m
        view.settle()
        assert view.attrs("div") == want, m
    assert not a._targets and not b_._targets


def test_extending_an_element_keeps_and_replaces_its_bound_attributes() -> None:
    s = signal("bound")
    base = div(title=s)
    assert base(id="x").props.signals == {"title": s}
    plain = base(title="plain")
    assert type(plain.props) is dict and plain.props["title"] == "plain"
    assert base == div(title=s) and base != div(title=signal("bound"))


# --- SSR and hydration ------------------------------------------------------------------------------------


def test_ssr_writes_current_values_escaped() -> None:
    text = signal("<b>&</b>")
    title = signal('say "hi"')
    node = p(title=title)["x: ", text]
    assert render_to_string(node) == '<p title="say &quot;hi&quot;">x: <!-- -->&lt;b&gt;&amp;&lt;/b&gt;</p>'
    text.value, title.value = "2", None
    assert render_to_string(node) == "<p>x: <!-- -->2</p>"  # start tags with signals are never cached


def test_hydration_adopts_bound_nodes_then_patches_them() -> None:
    count = signal(3)
    cls = computed(lambda: "odd" if count.value % 2 else "even")
    renders: list[int] = []

    @component
    def Counter():
        renders.append(1)
        return div(class_=cls)[span["n=", count], button(on_click=lambda: _bump(count))["+"]]

    view = mount(Counter(), hydrate=True)
    assert view.warnings == []
    assert count_ops(view.commits[0]) == {"LISTEN": 1}  # adopted: nothing created or set
    div_id = view.get("div").id
    view.click("button")
    assert view.html == '<div class="even"><span>n=<!-- -->4</span><button>+</button></div>'  # the server's separator stays
    ops = sorted(iter_ops(view.commits[-1]))
    assert ops[0] == (3, div_id, "class", "even") and ops[1][0] == 6 and len(ops) == 2  # the server's nodes
    assert renders == [1, 1]  # the server's render and the hydration render, nothing since


def test_parent_render_with_the_same_signal_child_emits_nothing() -> None:
    label = signal("kept")
    renders: list[int] = []

    @component
    def Parent():
        tick, set_tick = use_state(0)
        renders.append(tick)
        return div[button(on_click=lambda: set_tick(tick + 1))[f"tick {tick}"], p[label]]

    view = mount(Parent())
    view.click("button")
    assert renders == [0, 1]
    assert count_ops(view.commits[-1]) == {"SET_TEXT": 1}  # the button's text; the bound <p> is untouched
    label.value = "changed"
    view.settle()
    assert view.query("p").text == "changed"


def test_signal_inside_raw_text_element_is_a_clear_error() -> None:
    from pickle_reactor.html import textarea

    with pytest.raises(ValueError, match=r"<textarea> may only contain plain text, not a signal"):
        render_to_string(textarea[signal("x")])
