"""Stores (pickle_reactor.core.store) through pickle_reactor.testing: sharing, select, batching,
unsubscribing, the errors, and the browser-side rules (page values, Web Storage) played on CPython."""

from __future__ import annotations

import enum
import re
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any, NamedTuple

import pytest

from pickle_reactor import component, create_store, render_to_string, use_effect, use_store
from pickle_reactor.core import store as store_module
from pickle_reactor.core.store import find_store, page_arrived, provide, request_scope, take_seeds, use_storage
from pickle_reactor.core.store_values import decode, encode
from pickle_reactor.html import button, li, span, ul
from pickle_reactor import testing
from pickle_reactor.testing import ComponentError, mount


class Size(enum.Enum):
    S = "s"
    L = "l"


class Point(NamedTuple):
    x: int
    y: int


@dataclass(frozen=True)
class Item:
    id: int
    name: str
    size: Size = Size.S
    price: float = 1.0
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Cart:
    items: tuple[Item, ...] = ()
    owner: str | None = None


@dataclass
class Loose:
    n: int = 0


@dataclass(frozen=True)
class Holder:
    data: Any = None


cart = create_store(Cart())
counter = create_store(0)
renders: list[str] = []


@pytest.fixture(autouse=True)
def fresh() -> Iterator[None]:
    for store in (cart, counter, saved):
        store.set(store._initial)
    renders.clear()
    yield
    for view in list(testing._views):  # an open view stays subscribed to the module's stores
        view.close()
    store_module._reset_browser_page()


def add(item_id: int) -> None:
    cart.update(lambda c: replace(c, items=(*c.items, Item(item_id, f"item {item_id}"))))


@component
def Badge():
    count = use_store(cart, lambda c: len(c.items))
    renders.append("Badge")
    return span(class_="badge")[f"{count} in cart"]


@component
def Products():
    value = use_store(cart)
    renders.append("Products")
    return ul[
        (li(key=i)[button(class_=f"add-{i}", on_click=lambda i=i: add(i))[f"Add {i}"]] for i in (1, 2)),
        button(class_="add-both", on_click=lambda: (add(1), add(2), cart.update(lambda c: replace(c, owner="me")))),
        span(class_="names")[", ".join(item.name for item in value.items)],
    ]


@component
def Owner():
    owner = use_store(cart, lambda c: c.owner)
    renders.append("Owner")
    return span(class_="owner")[owner or "nobody"]


@component
def Shop():
    return ul[li[Badge()], li[Products()], li[Owner()]]


def test_two_components_share_a_store_and_select_renders_only_on_its_part() -> None:
    view = mount(Shop())
    assert view.query(".badge").text == "0 in cart"
    renders.clear()
    view.click(".add-1")
    assert view.query(".badge").text == "1 in cart"
    assert view.query(".names").text == "item 1"
    assert sorted(renders) == ["Badge", "Products"]  # Owner's selection (None) did not change
    renders.clear()
    view.act(lambda: cart.update(lambda c: replace(c, items=(replace(c.items[0], name="renamed"),))))
    assert view.query(".names").text == "renamed"
    assert renders == ["Products"]  # the count is still 1: Badge did not render


def test_two_views_share_a_store_as_two_islands_do() -> None:
    badge, products = mount(Badge()), mount(Products())
    products.click(".add-2")
    assert badge.query(".badge").text == "1 in cart"  # the other island updated in the same event
    badge.act(lambda: add(1))
    assert products.query(".names").text == "item 2, item 1"
    badge.close()
    products.close()


def test_updates_from_several_places_in_one_event_are_one_render_and_one_commit() -> None:
    view = mount(Shop())
    renders.clear()
    commits = len(view.commits)
    view.click(".add-both")  # three updates in one handler
    assert view.query(".badge").text == "2 in cart"
    assert view.query(".owner").text == "me"
    assert sorted(renders) == ["Badge", "Owner", "Products"]
    assert len(view.commits) == commits + 1
    renders.clear()
    view.act(lambda: (add(3), add(4)))  # plain code: batched too
    assert sorted(renders) == ["Badge", "Products"]
    assert view.query(".badge").text == "4 in cart"


def test_unmount_unsubscribes() -> None:
    before = len(cart._listeners)
    view = mount(Shop())
    assert len(cart._listeners) == before + 3
    view.unmount()
    assert len(cart._listeners) == before


def test_get_set_update_subscribe_from_plain_code_and_effects() -> None:
    seen: list[int] = []
    stop = counter.subscribe(seen.append)
    counter.set(1)
    counter.update(lambda n: n + 1)
    counter.set(2)  # an equal int is the same value: no notification
    stop()
    stop()  # twice is harmless
    counter.set(5)
    assert seen == [1, 2]
    assert counter.get() == 5
    first, second = counter.subscribe(seen.append), counter.subscribe(seen.append)
    second()
    second()  # only its own subscription ends, however often it is called
    counter.set(6)
    first()
    assert seen == [1, 2, 6]
    counter.set(5)

    @component
    def Ticker():
        value = use_store(counter)
        use_effect(lambda: counter.set(10) if value == 5 else None, [value])
        return span[str(value)]

    view = mount(Ticker())
    assert view.text == "10"  # an effect's set rendered before mount returned


def test_mutable_values_are_refused_naming_store_field_and_fix() -> None:
    with pytest.raises(TypeError, match=rf"store '{re.escape(__name__)}\.cart': set\(\): value\.items is a "
                                        r"list, .*use a tuple"):
        cart.set(Cart(items=[Item(1, "x")]))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"value\.items\[1\]\.tags is a list"):
        cart.set(Cart(items=(Item(1, "a"), Item(2, "b", tags=["x"]))))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"value is a Loose, a dataclass that can change in place: declare it "
                                        r"@dataclass\(frozen=True\)"):
        counter.set(Loose())  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"value\.data is a dict, .*frozen dataclass"):
        counter.set(Holder(data={"a": 1}))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"value\.data is a set, .*frozenset"):
        counter.set(Holder(data={1}))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="create_store\\(\\) at .*test_store.py:\\d+: value is a list"):
        create_store([1, 2])
    assert cart.get() == Cart()  # a refused value changes nothing
    counter.set(Holder(data=(Point(1, 2), frozenset({1}), Size.L, Decimal("1.5"), None)))  # all immutable


def test_unchanged_parts_of_a_big_value_are_not_checked_again() -> None:
    big = Cart(items=tuple(Item(i, str(i)) for i in range(2000)))
    cart.set(big)
    known = cart._known
    cart.set(replace(big, owner="x"))  # same items tuple: skipped, still known
    assert id(big.items) in cart._known and len(cart._known) <= len(known)


def test_bad_arguments_are_clear_errors() -> None:
    with pytest.raises(ComponentError, match="is not a store; make one with create_store"):
        mount(_UsesNotAStore())
    with pytest.raises(ValueError, match="persist='disk'"):
        create_store(0, name="t.bad", persist="disk")
    with pytest.raises(ValueError, match="a name is letters"):
        create_store(0, name="bad name")
    with pytest.raises(ValueError, match="a persisted store needs a name"):
        create_store(0, persist="local")
    create_store(0, name="t.dup")
    with pytest.raises(ValueError, match=r"two stores are named 't\.dup': one created at .*, one at "):
        create_store(0, name="t.dup")
    with pytest.raises(TypeError, match=r"persist='session'\): set\(\): value is a frozenset, which is not "
                                        r"JSON-serialisable \(use a tuple\)"):
        create_store(0, name="t.persisted", persist="session").set(frozenset({1}))


@component
def _UsesNotAStore():
    use_store(0)  # type: ignore[arg-type]
    return span


def test_names_come_from_the_module_variable_or_name() -> None:
    assert cart.name == f"{__name__}.cart"
    assert find_store(f"{__name__}.cart") is cart
    assert create_store(0, name="t.named").name == "t.named"
    assert create_store(0).name is None  # made inside a function: no name, fine until one is needed


# --- JSON ------------------------------------------------------------------------------------------------


def test_json_round_trips_nested_dataclasses_tuples_enums_and_none_exactly() -> None:
    value = Cart(items=(Item(1, "a", Size.L, 2.5, ("x", "y")), Item(2, "b", price=3)), owner=None)
    data = encode(value, "t")
    assert data["items"][0] == {"id": 1, "name": "a", "size": "l", "price": 2.5, "tags": ["x", "y"]}
    back = decode(data, Cart, "t")
    assert back == value and type(back.items) is tuple and back.items[0].size is Size.L
    assert decode(encode(Point(1, 2), "t"), Point, "t") == Point(1, 2)
    assert decode([1, [2, 3]], tuple, "t") == (1, (2, 3))


def test_json_that_no_longer_fits_names_the_path() -> None:
    with pytest.raises(ValueError, match=r"value\.items\[0\] lacks the field 'name' of Item"):
        decode({"items": [{"id": 1}]}, Cart, "t")
    with pytest.raises(ValueError, match=r"value\.items\[0\]\.size is 'm', not a value of Size"):
        decode({"items": [{"id": 1, "name": "a", "size": "m"}]}, Cart, "t")
    with pytest.raises(ValueError, match=r"value has a field 'colour' that Cart does not have"):
        decode({"colour": 1}, Cart, "t")
    with pytest.raises(ValueError, match=r"value\.items\[0\]\.id is '1', not a int"):
        decode({"items": [{"id": "1", "name": "a"}]}, Cart, "t")
    with pytest.raises(TypeError, match=r"value\.price is nan"):
        encode(Item(1, "a", price=float("nan")), "t")


# --- the browser page, played on CPython ----------------------------------------------------------


class MemoryStorage:
    def __init__(self) -> None:
        self.areas: dict[str, dict[str, str]] = {"session": {}, "local": {}}

    def read(self, area: str, key: str) -> str | None:
        return self.areas[area].get(key)

    def write(self, area: str, key: str, text: str) -> None:
        self.areas[area][key] = text

    def remove(self, area: str, key: str) -> None:
        self.areas[area].pop(key, None)


saved = create_store(Cart(), persist="local")
KEY = f"pickle-reactor:store:{__name__}.saved"


def test_a_persisted_store_is_restored_and_a_stale_value_dropped_with_a_warning() -> None:
    storage = MemoryStorage()
    warned: list[str] = []
    storage.write("local", KEY, '{"items":[{"id":7,"name":"kept"}],"owner":null}')
    use_storage(storage, warned.append)
    page_arrived({})
    assert saved.get() == Cart(items=(Item(7, "kept"),))
    saved.set(Cart(owner="ann"))
    assert storage.read("local", KEY) == '{"items":[],"owner":"ann"}'

    store_module._reset_browser_page()  # a new page load: Python starts again
    saved.set(saved._initial)
    storage.write("local", KEY, '{"items":[{"id":7}]}')  # a field was added to Item since
    use_storage(storage, warned.append)
    page_arrived({})
    assert saved.get() == Cart()
    assert storage.read("local", KEY) is None
    assert "no longer fits its type and was dropped" in warned[0] and "lacks the field 'name'" in warned[0]


def test_islands_hydrate_against_the_server_value_then_render_the_browser_value() -> None:
    storage = MemoryStorage()
    storage.write("local", KEY, '{"items":[{"id":1,"name":"from storage"}]}')
    use_storage(storage)
    page_arrived({})

    @component
    def Saved():
        value = use_store(saved)
        return span[", ".join(i.name for i in value.items) or "empty"]

    view = mount(Saved(), hydrate=True)  # the server rendered the initial value
    assert view.warnings == []  # no hydration mismatch
    assert view.text == "from storage"


def test_the_page_value_seeds_a_store_unless_the_browser_has_its_own() -> None:
    seed = encode(Cart(owner="server"), "t")
    page_arrived({f"{__name__}.cart": seed})
    view = mount(Owner(), hydrate=True)
    assert view.warnings == [] and view.text == "server"
    cart.set(Cart(owner="browser"))
    page_arrived({f"{__name__}.cart": encode(Cart(owner="next page"), "t")})  # a client navigation
    assert cart.get().owner == "browser"


def test_a_page_value_wins_over_web_storage() -> None:
    storage = MemoryStorage()
    storage.write("local", KEY, '{"items":[],"owner":"stored"}')
    use_storage(storage)
    page_arrived({f"{__name__}.saved": {"items": [], "owner": "server"}})
    assert saved.get().owner == "server"
    assert '"server"' in (storage.read("local", KEY) or "")


# --- per-request values (server) -------------------------------------------------------------------


def test_provide_sets_the_value_for_one_request_only_and_sends_it_once() -> None:
    with request_scope():
        provide(cart, Cart(owner="ann"))
        assert render_to_string(Owner()) == '<span class="owner">ann</span>'
        assert take_seeds() == {f"{__name__}.cart": {"items": [], "owner": "ann"}}
        assert take_seeds() == {}
        with pytest.raises(RuntimeError, match="after an island of this page rendered"):
            provide(cart, Cart(owner="bob"))
        with pytest.raises(RuntimeError, match=r"set\(\) while serving a request"):
            cart.set(Cart())
    assert cart.get() == Cart()
    assert render_to_string(Owner()) == '<span class="owner">nobody</span>'


def test_provide_refuses_values_json_cannot_carry_and_calls_outside_a_request() -> None:
    with pytest.raises(RuntimeError, match="outside a request"):
        provide(cart, Cart())
    with request_scope():
        with pytest.raises(TypeError, match=rf"store '{re.escape(__name__)}\.counter': provide\(\): "
                                            r"value\.data is a Decimal, which is not JSON-serialisable"):
            provide(counter, Holder(data=Decimal(1)))  # type: ignore[arg-type]
        with pytest.raises(TypeError, match="value is a list"):
            provide(cart, [])  # type: ignore[arg-type]
        with pytest.raises(TypeError, match="type=..."):
            provide(counter, Cart())  # type: ignore[arg-type]  # counter's JSON is rebuilt as an int
        with pytest.raises(ValueError, match="has no name"):
            provide(create_store(0), 1)


@pytest.mark.skipif(sys.platform == "emscripten", reason="Pyodide has no threads (and never serves requests)")
def test_concurrent_requests_in_threads_never_see_each_others_values() -> None:
    barrier = threading.Barrier(8)
    results: dict[int, tuple[str, dict[str, Any]]] = {}

    def request(n: int) -> None:
        with request_scope():
            provide(cart, Cart(owner=f"user{n}"))
            barrier.wait()  # every request has provided before any renders
            html = render_to_string(Owner())
            barrier.wait()
            results[n] = (html, take_seeds())

    threads = [threading.Thread(target=request, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for n, (html, seeds) in results.items():
        assert html == f'<span class="owner">user{n}</span>'
        assert seeds == {f"{__name__}.cart": {"items": [], "owner": f"user{n}"}}
    assert cart.get() == Cart()





def test_a_module_imported_again_replaces_its_store_and_in_the_browser_keeps_the_value(tmp_path: Any) -> None:
    import importlib
    import sys as _sys

    (tmp_path / "pr_refresh_store.py").write_text(
        "from dataclasses import dataclass\nfrom pickle_reactor import create_store\n\n"
        "@dataclass(frozen=True)\nclass Count:\n    n: int = 0\n\nstore = create_store(Count())\n")
    _sys.path.insert(0, str(tmp_path))
    try:
        module = importlib.import_module("pr_refresh_store")
        page_arrived({})
        module.store.set(module.Count(5))
        old = module.store
        importlib.reload(module)  # what Fast Refresh does
        assert module.store is not old
        assert find_store("pr_refresh_store.store") is module.store
        assert module.store.get() == module.Count(5) and type(module.store.get()) is module.Count
    finally:
        _sys.path.remove(str(tmp_path))
        _sys.modules.pop("pr_refresh_store", None)



def test_the_same_page_values_again_keep_their_decoded_objects() -> None:
    seeds = {f"{__name__}.cart": encode(Cart(owner="server"), "t")}
    page_arrived(seeds)
    first = cart._server_value()
    page_arrived(dict(seeds))  # a lazy island hydrating on the same page
    assert cart._server_value() is first
    page_arrived({f"{__name__}.cart": encode(Cart(owner="other"), "t")})
    assert cart._server_value() == Cart(owner="other")
