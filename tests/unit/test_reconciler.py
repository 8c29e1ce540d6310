"""The reconciler's op buffers: one per commit, props vs live properties, text, replacement, unmount,
namespaces, Markup, events, errors."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from pickle_reactor import Markup, component, h, use_effect, use_state
from pickle_reactor.core.reconciler import Runtime
from pickle_reactor.core.reconciler.ops import (
    CREATE,
    INSERT,
    LISTEN,
    REMOVE,
    REMOVE_ATTR,
    SET_ATTR,
    SET_HTML,
    SET_PROP,
    SET_TEXT,
    count_ops,
    iter_ops,
)
from pickle_reactor.html import (
    a,
    button,
    div,
    form,
    input_,
    li,
    option,
    p,
    select,
    span,
    svg,
    ul,
)
from pickle_reactor.svg import (
    MATHML_NAMESPACE,
    SVG_NAMESPACE,
    circle,
    foreignObject,
    mi,
)
from pickle_reactor.testing import ComponentError, mount
from pickle_reactor.testing.document import Document


class Backend:
    """A Document plus the list of buffers it was given."""

    def __init__(self) -> None:
        self.document = Document()
        self.buffers: list[list[Any]] = []
        self.runtime = Runtime(self.apply, node_handle=self.document.node)
        self.container = self.document.create_container(self.runtime.new_id())
        self.root = self.runtime.create_root(self.container.id)

    def apply(self, ops: list[Any]) -> None:
        self.buffers.append(list(ops))
        self.document.apply(ops)

    def render(self, node: Any) -> list[tuple[Any, ...]]:
        before = len(self.buffers)
        self.root.render(node)
        assert len(self.buffers) - before <= 1, "one render must be one commit"
        return list(iter_ops(self.buffers[-1])) if len(self.buffers) > before else []


def test_first_render_builds_detached_then_inserts_once_into_the_container() -> None:
    backend = Backend()
    ops = backend.render(div(class_="box")[p["hi"], span])
    inserts_into_container = [op for op in ops if op[0] == INSERT and op[1] == backend.container.id]
    assert len(inserts_into_container) == 1
    assert ops[0][:3] == (CREATE, ops[0][1], "div")
    assert backend.container.html == '<div class="box"><p>hi</p><span></span></div>'


def test_unchanged_render_emits_no_ops_and_no_apply_call() -> None:
    backend = Backend()
    backend.render(div(class_="a")[p["x"]])
    assert backend.render(div(class_="a")[p["x"]]) == []


def test_attribute_changes_become_set_and_remove_attr() -> None:
    backend = Backend()
    backend.render(div(class_="a", title="t", hidden=True))
    ops = backend.render(div(class_="b", id="n"))
    kinds = sorted((op[0], op[2]) for op in ops)
    assert kinds == sorted([(SET_ATTR, "class"), (SET_ATTR, "id"), (REMOVE_ATTR, "title"), (REMOVE_ATTR, "hidden")])
    assert backend.container.html == '<div class="b" id="n"></div>'


def test_live_form_state_is_patched_as_properties() -> None:
    backend = Backend()
    backend.render(form[input_(value="a"), input_(type="checkbox", checked=True), select[option(value="x", selected=True)]])
    ops = backend.render(form[input_(value="b"), input_(type="checkbox"), select[option(value="x")]])
    assert sorted((op[0], op[2], op[3]) for op in ops) == [(SET_PROP, "checked", 0), (SET_PROP, "selected", 0),
                                                           (SET_PROP, "value", "b")]
    box = backend.container.query("input[type=checkbox]")
    assert box.checked is False and backend.container.query("input").value == "b"


def test_text_updates_in_place() -> None:
    backend = Backend()
    backend.render(p["one"])
    ops = backend.render(p["two"])
    assert [op[0] for op in ops] == [SET_TEXT]


def test_type_change_replaces_the_subtree() -> None:
    backend = Backend()
    backend.render(div[p["a"]])
    old = backend.container.query("p")
    ops = backend.render(div[span["a"]])
    assert {op[0] for op in ops} >= {CREATE, INSERT, REMOVE}
    assert backend.container.html == "<div><span>a</span></div>"
    assert old.id not in backend.document.nodes  # ids of removed nodes are released


def test_element_then_text_at_one_position_is_a_replacement() -> None:
    backend = Backend()
    backend.render(div[p["a"]])
    backend.render(div["a"])
    assert backend.container.html == "<div>a</div>"
    backend.render(div[p["a"]])
    assert backend.container.html == "<div><p>a</p></div>"


def test_svg_namespace_is_tracked_and_foreign_object_returns_to_html() -> None:
    backend = Backend()
    ops = backend.render(div[svg[circle(r="1"), foreignObject[p["x"]]], h("math")[mi["y"]]])
    creates = {op[2]: op[3] for op in ops if op[0] == CREATE}
    assert creates == {"div": "", "svg": SVG_NAMESPACE, "circle": SVG_NAMESPACE, "foreignObject": SVG_NAMESPACE,
                       "p": "", "math": MATHML_NAMESPACE, "mi": MATHML_NAMESPACE}


def test_markup_as_the_only_child_sets_inner_html() -> None:
    backend = Backend()
    ops = backend.render(div[Markup("<b>bold</b> &amp; more")])
    assert (SET_HTML, ops[0][1], "<b>bold</b> &amp; more") in ops
    assert backend.container.html == "<div><b>bold</b> &amp; more</div>"
    backend.render(div[p["plain"]])
    assert backend.container.html == "<div><p>plain</p></div>"


def test_an_element_as_the_only_child_is_not_markup() -> None:
    backend = Backend()
    ops = backend.render(div[p["a"]])
    assert SET_HTML not in [op[0] for op in ops]
    assert backend.container.query("p").id != 0


def test_markup_among_other_children_is_a_clear_error() -> None:
    view = mount(div["text", Markup("<b>x</b>")], raise_errors=False)
    assert "Markup must be the only child" in str(view.errors[0].exception)


def test_listen_is_emitted_once_per_event_type_per_root() -> None:
    backend = Backend()
    ops = backend.render(div[button(on_click=print), button(on_click=print), input_(on_input=print)])
    listens = [op for op in ops if op[0] == LISTEN]
    assert listens == [(LISTEN, backend.container.id, "click"), (LISTEN, backend.container.id, "input")]
    again = backend.render(div[button(on_click=len)])
    assert not [op for op in again if op[0] == LISTEN]


def test_components_render_fragments_lists_text_and_none() -> None:
    @component
    def Many(kind: str) -> Any:
        if kind == "list":
            return [li["a"], li["b"]]
        if kind == "text":
            return "just text"
        if kind == "none":
            return None
        return ul[li["x"]]

    view = mount(div[Many(kind="list"), Many(kind="text"), Many(kind="none"), Many(kind="el")])
    assert view.html == "<div><li>a</li><li>b</li>just text<ul><li>x</li></ul></div>"


def test_a_component_growing_a_fragment_inserts_at_its_own_position() -> None:
    @component
    def Grow() -> Any:
        n, set_n = use_state(1)
        return [button(on_click=lambda: set_n(n + 1))["+"], *[span[str(i)] for i in range(n)]]

    view = mount(div[p["before"], Grow(), p["after"]])
    view.click("button")
    view.click("button")
    assert view.html == "<div><p>before</p><button>+</button><span>0</span><span>1</span><span>2</span><p>after</p></div>"


def test_a_component_rendering_nothing_then_something_lands_between_its_siblings() -> None:
    @component
    def Maybe() -> Any:
        shown, set_shown = use_state(False)
        use_effect(lambda: set_shown(True), [])
        return span["here"] if shown else None

    view = mount(div[p["a"], Maybe(), Maybe(), p["b"]])
    assert view.html == "<div><p>a</p><span>here</span><span>here</span><p>b</p></div>"


def test_unmounting_a_subtree_releases_ids_handlers_and_runs_cleanups() -> None:
    cleaned = []

    @component
    def Leaf() -> Any:
        use_effect(lambda: (lambda: cleaned.append(1)), [])
        return button(on_click=print)["x"]

    @component
    def Tree() -> Any:
        shown, set_shown = use_state(True)
        return div[button(id="hide", on_click=lambda: set_shown(False)), div[Leaf(), Leaf()] if shown else None]

    view = mount(Tree())
    handlers_before = len(view.runtime.nodes)
    view.click("#hide")
    assert cleaned == [1, 1]
    assert len(view.runtime.nodes) == handlers_before - 2
    assert len(view.document.nodes) == 3  # the container, the outer div and the button


def test_render_error_keeps_the_last_good_dom_and_the_root_stays_usable(caplog: pytest.LogCaptureFixture) -> None:
    @component
    def Fragile() -> Any:
        n, set_n = use_state(0)
        if n == 1:
            raise ZeroDivisionError("boom")
        return button(on_click=lambda: set_n(lambda old: old + 1))[f"n={n}"]

    reported = []
    document = Document()
    runtime = Runtime(document.apply, on_error=reported.append)
    container = document.create_container(runtime.new_id())
    runtime.create_root(container.id).render(div[Fragile()])
    button_id = container.query("button").id
    runtime.dispatch("click", [button_id], {})
    assert container.html == "<div><button>n=0</button></div>"
    assert reported[0].component == "Fragile" and reported[0].phase == "render"
    assert "ZeroDivisionError: boom" in str(reported[0]) and "Traceback" in str(reported[0])
    runtime.dispatch("click", [button_id], {})  # n == 2 renders again
    assert container.html == "<div><button>n=2</button></div>"


def test_errors_go_to_the_log_by_default(caplog: pytest.LogCaptureFixture) -> None:
    @component
    def Broken() -> Any:
        raise KeyError("missing")

    document = Document()
    runtime = Runtime(document.apply)
    container = document.create_container(runtime.new_id())
    with caplog.at_level(logging.ERROR, logger="pickle_reactor"):
        runtime.create_root(container.id).render(div[Broken(), p["still here"]])
    assert "error in <Broken> (render)" in caplog.text
    assert container.html == "<div><p>still here</p></div>"


def test_handler_exception_is_reported_with_the_component_name() -> None:
    @component
    def Clicky() -> Any:
        def fail() -> None:
            raise ValueError("bad click")

        return a(on_click=fail)["x"]

    view = mount(Clicky(), raise_errors=False)
    view.click("a")
    assert view.errors[0].component == "Clicky" and view.errors[0].phase == "handler"


def test_duplicate_keys_are_an_error_naming_the_key_and_the_old_children_stay() -> None:
    @component
    def Dupes() -> Any:
        items, set_items = use_state(["a", "b"])
        return ul[button(on_click=lambda: set_items(["a", "c", "a"])), (li(key=i)[i] for i in items)]

    view = mount(Dupes(), raise_errors=False)
    view.click("button")
    assert "'a'" in str(view.errors[0].exception) and "unique" in str(view.errors[0].exception)
    assert [li_.text for li_ in view.query_all("li")] == ["a", "b"]
    with pytest.raises(ComponentError) as raised:
        mount(ul[li(key="x"), li(key="x")])
    assert isinstance(raised.value.__cause__, ValueError) and "key 'x'" in str(raised.value.__cause__)


def test_async_component_is_rejected() -> None:
    @component
    async def Async() -> Any:  # type: ignore[misc]
        return p

    view = mount(Async(), raise_errors=False)
    assert "async" in str(view.errors[0].exception)


def test_one_commit_counts_every_op_kind() -> None:
    backend = Backend()
    backend.render(ul[(li[str(i)] for i in range(3))])
    counts = count_ops(backend.buffers[-1])
    assert counts == {"CREATE": 4, "CREATE_TEXT": 3, "INSERT": 7}
    keyed = Backend()
    keyed.render(ul[(li(key=i)[str(i)] for i in range(3))])  # keyed rows: the third is a clone of the second
    counts = count_ops(keyed.buffers[-1])
    assert counts == {"CREATE": 3, "CREATE_TEXT": 2, "TEMPLATE": 1, "CLONE": 1, "SET_TEXT": 1, "INSERT": 6}
