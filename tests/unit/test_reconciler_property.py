"""Property: patching any child list A into B gives the DOM a fresh render of B gives, and keyed
children keep their DOM nodes."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from pickle_reactor import component, use_state
from pickle_reactor.core.reconciler import Runtime
from pickle_reactor.html import b, li, ul
from pickle_reactor.testing.document import Document


@component
def Pair(name: str) -> Any:
    """A component rendering two sibling nodes: moves must carry both."""
    return [li(class_="pair")[name], b[name.upper()]]


@component
def Nothing(name: str) -> Any:
    return None


def item(spec: tuple[str, str, bool]) -> Any:
    kind, name, keyed = spec
    key = name if keyed else None
    if kind == "li":
        return li(key=key, data_key=key)[name]
    if kind == "pair":
        return Pair(key=key, name=name)
    if kind == "none":
        return Nothing(key=key, name=name)
    return name  # text


def tree(children: list[Any]) -> Any:
    return ul[[item(spec) for spec in children]]


def unique_names(items: list[tuple[str, str, bool]]) -> list[tuple[str, str, bool]]:
    seen: set[str] = set()
    out = []
    for kind, name, keyed in items:
        if keyed and name in seen:
            continue
        seen.add(name)
        out.append((kind, name, keyed))
    return out


child_lists = st.lists(
    st.tuples(st.sampled_from(["li", "li", "li", "pair", "none", "text"]), st.sampled_from("abcdefghijkl"), st.booleans()),
    max_size=12,
).map(unique_names)


def render(node: Any) -> tuple[Document, Any, Any]:
    document = Document()
    runtime = Runtime(document.apply)
    container = document.create_container(runtime.new_id())
    root = runtime.create_root(container.id)
    root.render(node)
    return document, container, root


@settings(max_examples=300, deadline=None)
@given(child_lists, child_lists, child_lists)
def test_patching_a_into_b_equals_a_fresh_render_of_b(a: Any, b_: Any, c: Any) -> None:
    document, container, root = render(tree(a))
    keyed_before = {el.attrs["data-key"]: el for el in container.query_all("li[data-key]")}
    root.render(tree(b_))
    fresh = render(tree(b_))[1]
    assert container.tree() == fresh.tree()
    for el in container.query_all("li[data-key]"):
        name = el.attrs["data-key"]
        old = keyed_before.get(name)
        if old is not None and ("li", name, True) in a and ("li", name, True) in b_:
            assert el is old  # a keyed element kept its DOM node
    root.render(tree(c))  # and once more from there
    assert container.tree() == render(tree(c))[1].tree()
    # every node the DOM holds is reachable: removed ids were released
    reachable = {container.id} | {n.id for n in container.iter() if n.id}
    assert set(document.nodes) == reachable


@settings(max_examples=300, deadline=None)
@given(child_lists, child_lists, child_lists)
def test_patching_with_reused_elements_equals_a_fresh_render(a: Any, b_: Any, c: Any) -> None:
    """As above, but a child that is the same spec in the next list is the same element object (as
    a parent that caches its rows passes it): the unchanged-element fast paths of the keyed diff
    (prefix, suffix, moved in the middle) must give the DOM a fresh render gives."""
    made: dict[tuple[str, str, bool], Any] = {}

    def reused(children: list[Any]) -> Any:
        return ul[[made.setdefault(spec, item(spec)) for spec in children]]

    document, container, root = render(reused(a))
    root.render(reused(b_))
    assert container.tree() == render(tree(b_))[1].tree()
    root.render(reused(c))
    assert container.tree() == render(tree(c))[1].tree()
    reachable = {container.id} | {n.id for n in container.iter() if n.id}
    assert set(document.nodes) == reachable


def edit(names: list[str], edits: list[tuple[str, int, int]], tag: str = "new") -> list[str]:
    """A few moves, swaps, inserts and removals on a long list (the sparse placing pass)."""
    out = list(names)
    for step, (kind, i, j) in enumerate(edits):
        if not out:
            break
        i %= len(out)
        j %= len(out)
        if kind == "swap":
            out[i], out[j] = out[j], out[i]
        elif kind == "move":
            out.insert(j, out.pop(i))
        elif kind == "insert":
            out.insert(i, f"{tag}{step}")  # a key of its own
        else:
            del out[i]
    return out


long_lists = st.lists(st.sampled_from(["li", "li", "pair", "none"]), min_size=33, max_size=90)
edits = st.lists(st.tuples(st.sampled_from(["swap", "move", "insert", "remove"]), st.integers(0, 200),
                           st.integers(0, 200)), max_size=4)


@settings(max_examples=200, deadline=None)
@given(long_lists, edits)
def test_a_long_list_with_a_few_edits_equals_a_fresh_render(kinds: Any, changes: Any) -> None:
    """Reused (identical) keyed children in a long list, a few of them moved: the ends of the middle
    and the placing of the marked children alone must still give what a fresh render gives."""
    names = [f"n{i}" for i in range(len(kinds))]
    kind_of = dict(zip(names, kinds))
    made: dict[str, Any] = {}

    def reused(order: list[str]) -> Any:
        return ul[[made.setdefault(name, item((kind_of.get(name, "li"), name, True))) for name in order]]

    document, container, root = render(reused(names))
    after = edit(names, changes)
    root.render(reused(after))
    assert container.tree() == render(tree([(kind_of.get(n, "li"), n, True) for n in after]))[1].tree()
    reachable = {container.id} | {n.id for n in container.iter() if n.id}
    assert set(document.nodes) == reachable


@settings(max_examples=200, deadline=None)
@given(long_lists, edits, edits)
def test_a_state_update_of_a_long_list_equals_a_fresh_render(kinds: Any, first: Any, second: Any) -> None:
    """The same through a state update: a commit that renders one component only, where the runs of
    the very same nodes at both ends are found by C loops (``diff_children``'s ``old_nodes``)."""
    names = [f"n{i}" for i in range(len(kinds))]
    kind_of = dict(zip(names, kinds))
    made: dict[str, Any] = {}
    setter: dict[str, Any] = {}

    @component
    def Holder() -> Any:
        order, set_order = use_state(names)
        setter["set"] = set_order
        return ul[[made.setdefault(name, item((kind_of.get(name, "li"), name, True))) for name in order]]

    document, container, root = render(Holder())
    for round_, changes in enumerate((first, second)):
        after = edit(names, changes, f"new{round_}.")
        setter["set"](after)
        root.runtime.flush()
        assert container.tree() == render(tree([(kind_of.get(n, "li"), n, True) for n in after]))[1].tree()
        names = after
    reachable = {container.id} | {n.id for n in container.iter() if n.id}
    assert set(document.nodes) == reachable
