"""Island markup: props travel as inert JSON that no string can break out of, and only JSON travels."""

from __future__ import annotations

import datetime
import json
import math
from pathlib import Path

import html5lib
import pytest

from pickle_reactor.server.islands import island_markup, props_json

ROOT = Path(__file__).resolve().parents[2]
NAUGHTY = ROOT / "node_modules" / "big-list-of-naughty-strings" / "blns.json"
NS = "{http://www.w3.org/1999/xhtml}"


def _parse_island(markup: str):
    body = html5lib.parse(f"<!doctype html><html><head></head><body>{markup}</body></html>").find(f"{NS}body")
    return list(body)


def test_props_are_compact_json() -> None:
    assert props_json("app.Counter", {"initial": 3, "label": "é"}) == '{"initial":3,"label":"é"}'


def test_markup_characters_are_escaped_as_json_escapes() -> None:
    text = props_json("app.Card", {"title": "</script><script>alert(1)</script><!-- & -->"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert "\\u003c/script\\u003e" in text
    assert json.loads(text) == {"title": "</script><script>alert(1)</script><!-- & -->"}


def test_island_markup_shape() -> None:
    markup = island_markup("app.Counter", props_json("app.Counter", {"initial": 3}), "<p>3</p>")
    assert markup == ('<pr-island data-pr-component="app.Counter"><script type="application/json" '
                      'data-pr-props>{"initial":3}</script><p>3</p></pr-island>')
    assert hasattr(markup, "__html__")


@pytest.mark.skipif(not NAUGHTY.exists(), reason="npm ci has not installed big-list-of-naughty-strings")
def test_naughty_strings_stay_inside_the_props_block() -> None:
    strings = json.loads(NAUGHTY.read_text(encoding="utf-8"))
    props = {"items": strings, "title": "</script>" + strings[-1]}
    markup = island_markup("app.List", props_json("app.List", props), "<p>x</p>")
    [island] = _parse_island(markup)
    assert island.tag == f"{NS}pr-island"
    script, paragraph = list(island)
    assert script.tag == f"{NS}script" and paragraph.tag == f"{NS}p"
    assert json.loads(script.text) == props


def test_each_naughty_string_as_a_prop_value_and_key() -> None:
    if not NAUGHTY.exists():
        pytest.skip("npm ci has not installed big-list-of-naughty-strings")
    for text in json.loads(NAUGHTY.read_text(encoding="utf-8")):
        props = {"value": text, "nested": {text: [text]}}
        [island] = _parse_island(island_markup("app.X", props_json("app.X", props), ""))
        [script] = list(island)
        assert json.loads(script.text) == props, text


def test_lone_surrogate_travels_as_an_escape() -> None:
    text = props_json("app.X", {"s": "a\ud800b"})
    text.encode("utf-8")  # would raise if the surrogate were written raw
    assert json.loads(text) == {"s": "a\ud800b"}


@pytest.mark.parametrize(
    ("props", "message"),
    [
        ({"when": datetime.date(2024, 1, 1)}, "prop when: a date is not JSON-serialisable"),
        ({"tags": {"a", "b"}}, "prop tags: a set is not JSON-serialisable"),
        ({"pair": (1, 2)}, "prop pair: a tuple is not JSON-serialisable (a tuple comes back as a list"),
        ({"ratio": math.nan}, "prop ratio: nan is not valid JSON"),
        ({"ratio": math.inf}, "prop ratio: inf is not valid JSON"),
        ({"by_id": {1: "a"}}, "prop by_id: dict key 1 is a int"),
        ({"rows": [{"ok": 1}, {"when": datetime.time(1, 2)}]}, "prop rows[1]['when']: a time is not"),
        ({"on_click": print}, "prop on_click: a builtin_function_or_method is not JSON-serialisable"),
    ],
)
def test_non_json_props_name_the_component_and_the_prop(props: dict, message: str) -> None:
    with pytest.raises(TypeError) as error:
        props_json("app.Counter", props)
    assert str(error.value).startswith("<app.Counter> ")
    assert message in str(error.value)


def test_str_subclass_is_refused_with_a_hint() -> None:
    class Name(str):
        pass

    with pytest.raises(TypeError, match=r"prop who: a Name is not JSON-serialisable \(pass a plain str\)"):
        props_json("app.Greeting", {"who": Name("x")})


def test_pydantic_model_prop_suggests_model_dump() -> None:
    pydantic = pytest.importorskip("pydantic")

    class Todo(pydantic.BaseModel):
        title: str

    with pytest.raises(TypeError, match=r"model_dump\(mode='json'\)"):
        props_json("app.TodoItem", {"todo": Todo(title="x")})
