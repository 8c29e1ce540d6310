"""Property: rows mounted from templates (core/reconciler/templates.py) give the DOM and the node ids
that a mount op by op gives, for rows of varying shapes (components and keyed elements written inline),
and again after the list changes."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from test_reconciler_templates import Page, op_by_op

from pickle_reactor import component
from pickle_reactor.html import b, li, span, ul


@component
def Shaped(spec: tuple[int, str, int]):
    """A row whose shape varies with ``spec``: which attributes it has, its texts, one or two children."""
    attrs, text, children = spec
    props = [{}, {"class_": "c"}, {"class_": "c", "href": f"/{text}"}, {"class_": text or "x"}][attrs]
    parts = [span[text or "·"]] if children == 1 else [span["a"], b[text or "·"]]
    return li(**props)[parts]


def inline(spec: tuple[int, str, int], key: int) -> Any:
    """The same row written inline, keyed: a row of the element's own children."""
    return Shaped.__wrapped__(spec)(key=key)


row_specs = st.lists(
    st.tuples(
        st.integers(0, 20),
        st.tuples(st.integers(0, 3), st.sampled_from(["", "x", "y", "<&>"]), st.integers(1, 2)),
        st.booleans(),
    ),
    max_size=14,
    unique_by=lambda row: row[0],
)


@settings(max_examples=150, deadline=None)
@given(first=row_specs, second=row_specs)
def test_cloned_rows_give_the_dom_and_ids_a_mount_op_by_op_gives(first: Any, second: Any) -> None:
    page, reference = Page(), op_by_op()
    for rows_now in (first, second):
        tree = ul[[inline(spec, key) if written_inline else Shaped(spec=spec, key=key)
                   for key, spec, written_inline in rows_now]]
        for p in (page, reference):
            p.render(tree)
        assert page.container.html == reference.container.html
        ids = [[(n.id, getattr(n, "data", None)) for n in p.container.iter()] for p in (page, reference)]
        assert ids[0] == ids[1]
