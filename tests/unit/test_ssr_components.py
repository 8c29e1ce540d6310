"""Components rendered on the server: one render with throwaway hook state, no effects."""

from __future__ import annotations

from typing import Any

import pytest

from pickle_reactor import (
    component,
    create_context,
    render_to_string,
    use_callback,
    use_context,
    use_effect,
    use_id,
    use_layout_effect,
    use_memo,
    use_reducer,
    use_ref,
    use_state,
)
from pickle_reactor.core.serialize import iter_render
from pickle_reactor.html import div, input_, label, p, span


def test_state_starts_at_its_initial_value_and_effects_never_run() -> None:
    ran = []

    @component
    def Counter(initial: int = 0) -> Any:
        count, set_count = use_state(lambda: initial * 2)
        use_effect(lambda: ran.append("effect"))
        use_layout_effect(lambda: ran.append("layout"))
        set_count(99)  # a setter during a server render changes nothing visible
        return p[f"Count: {count}"]

    assert render_to_string(Counter(initial=3)) == "<p>Count: 6</p>"
    assert ran == []


def test_memo_ref_callback_and_reducer_work_on_the_server() -> None:
    @component
    def All() -> Any:
        doubled = use_memo(lambda: 21 * 2, [])
        ref = use_ref("r")
        fn = use_callback(lambda: "cb", [])
        state, _ = use_reducer(lambda s, a: s, {"n": 1})
        return span[f"{doubled} {ref.current} {fn()} {state['n']}"]

    assert render_to_string(All()) == "<span>42 r cb 1</span>"


def test_context_providers_pass_values_down_on_the_server() -> None:
    Lang = create_context("en", name="Lang")

    @component
    def Word() -> Any:
        return span[use_context(Lang)]

    page = div[Word(), Lang.provider("fr")[Word(), div[Lang.provider("de")[Word()]], Word()]]
    assert render_to_string(page) == "<div><span>en</span><span>fr</span><div><span>de</span></div><span>fr</span></div>"


def test_use_id_differs_per_position_and_is_deterministic() -> None:
    @component
    def Field(name: str) -> Any:
        field_id = use_id()
        return div[label(for_=field_id)[name], input_(id=field_id)]

    @component
    def Form() -> Any:
        return div[Field(name="a"), div[Field(name="b")], Field(name="c")]

    first = render_to_string(Form())
    assert first == render_to_string(Form())
    assert first.count('id="pr-') == 3 and len({part.split('"')[0] for part in first.split('id="')[1:]}) == 3
    assert "".join(iter_render(Form(), chunk_size=1)) == first


def test_an_exception_names_the_component() -> None:
    @component
    def Inner() -> Any:
        raise LookupError("nope")

    @component
    def Outer() -> Any:
        return div[Inner()]

    with pytest.raises(LookupError) as raised:
        render_to_string(Outer())
    assert raised.value.__notes__ == ["while rendering <Inner> on the server"]


def test_hooks_order_is_not_checked_across_server_renders() -> None:
    calls = {"n": 0}

    @component
    def Changing() -> Any:
        calls["n"] += 1
        if calls["n"] == 1:
            use_ref()
        use_state(0)
        return p

    render_to_string(Changing())
    render_to_string(Changing())  # every server render starts with fresh hook state


def test_async_component_is_rejected_on_the_server() -> None:
    @component
    async def Async() -> Any:  # type: ignore[misc]
        return p

    with pytest.raises(TypeError, match="async"):
        render_to_string(Async())
