"""pickle_reactor.browser.client + browser.dom against the kernel contract (docs/architecture.md), on the memory DOM.

``MemoryKernel`` implements what ``boot.mjs`` hands to ``client.start`` (JSON strings in and out, ids
for nodes) over ``pickle_reactor.testing.document``, so the Python half of the browser runtime is tested on
CPython and, through tests/pyodide, inside Pyodide. The JS half is tested in Chromium (tests/e2e).
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest

from pickle_reactor import component, use_effect, use_ref, use_state
from pickle_reactor.browser import client
from pickle_reactor.browser.dom import BrowserBackend, NodeHandle, count_nodes
from pickle_reactor.core.nodes import ComponentElement
from pickle_reactor.core.reconciler.hydrate import parse_snapshot
from pickle_reactor.core.serialize import render_to_string
from pickle_reactor.html import button, form, input_, p, span
from pickle_reactor.server.islands import island_markup, props_json
from pickle_reactor.testing.document import Document
from pickle_reactor.testing.nodes import MemElement
from pickle_reactor.testing.parser import parse_html

NAME = __name__


@component
def Counter(initial: int = 0):
    count, set_count = use_state(initial)

    def later() -> None:
        async def bump() -> None:
            await asyncio.sleep(0)
            set_count(lambda c: c + 10)

        asyncio.get_event_loop().create_task(bump())

    return p[
        span(id="count")[f"Count: {count}"],
        button(id="inc", on_click=lambda: set_count(count + 1))["+1"],
        button(id="later", on_click=later)["+10 later"],
    ]


@component
def Form():
    field = use_ref()
    sent, set_sent = use_state("")

    def on_submit(event: Any) -> None:
        event.prevent_default()
        set_sent(field.current.value)

    return form(on_submit=on_submit)[input_(name="q", ref=field), span(id="sent")[sent]]


class MemoryKernel:
    """The boot.mjs kernel over the memory DOM: what crosses is JSON text and ints, as in the browser."""

    def __init__(self, page: str) -> None:
        self.document = Document()
        self.top = parse_html(page)
        self.islands_found = [n for n in self._walk(self.top) if n.tag == "pr-island"]
        self.scheduled = 0
        self.applied: list[str] = []

    def _walk(self, nodes: list[Any]) -> list[MemElement]:
        out = []
        for node in nodes:
            if isinstance(node, MemElement):
                out.append(node)
                if node.tag != "pr-island":
                    out.extend(self._walk(node.children))
        return out

    def islands(self) -> str:
        found = []
        for root in self.islands_found:
            block = next(c for c in root.children if isinstance(c, MemElement) and c.tag == "script")
            found.append([root.attrs["data-pr-component"], block.text])
        return json.dumps(found)

    def snapshot(self, index: int, first_id: int) -> str:
        return json.dumps(self.document.snapshot(self.islands_found[index], first_id))

    def apply(self, ops: str) -> None:
        self.applied.append(ops)
        self.document.apply(json.loads(ops))

    def node(self, nid: int) -> Any:
        return self.document.node(nid)

    def schedule(self) -> None:
        self.scheduled += 1

    def query(self, selector: str) -> MemElement:
        for root in self.islands_found:
            found = root.query(selector)
            if found is not None:
                return found
        raise LookupError(selector)

    def fire(self, selector: str, type: str, **target: Any) -> int:
        """What boot.mjs's delegated listener does: ids from the target up to the island root."""
        el = self.query(selector)
        path = []
        node: Any = el
        while node is not None and node.tag != "pr-island":
            path.append(node.id)
            node = node.parent
        data = {"type": type, "key": None, "target": {"id": el.attrs.get("id", ""), "tag": el.tag,
                                                       "attrs": dict(el.attrs), **target}}
        return client.dispatch(json.dumps([type, path, data]))


def island(fn: Any, **props: Any) -> str:
    name = f"{NAME}.{fn.__wrapped__.__qualname__}"
    return island_markup(name, props_json(name, props), render_to_string(ComponentElement(fn.__wrapped__, props)))


@pytest.fixture
def console(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """What the runtime logs with console.error/console.warn (js.console in Pyodide, stderr on CPython)."""
    seen: list[tuple[str, str]] = []
    monkeypatch.setattr(client, "_console", lambda level, message: seen.append((level, message)))
    return seen


@pytest.fixture
def page() -> MemoryKernel:
    kernel = MemoryKernel(f"<main>{island(Counter, initial=3)}<p>between</p>{island(Form)}</main>")
    assert client.start(kernel) == 2
    return kernel


def test_start_hydrates_every_island_adopting_the_server_nodes() -> None:
    kernel = MemoryKernel(f"<main>{island(Counter, initial=3)}</main>")
    before = kernel.query("#count")
    assert client.start(kernel) == 1
    assert kernel.query("#count") is before
    assert kernel.document.node(before.id) is before
    # hydration crossed once, with LISTEN ops only
    assert len(kernel.applied) == 1 and set(json.loads(kernel.applied[0])[::3]) == {9}


def test_a_click_updates_the_dom_in_one_commit_without_a_scheduled_flush(page: MemoryKernel) -> None:
    commits = len(page.applied)
    assert page.fire("#inc", "click") == 0
    assert page.query("#count").text == "Count: 4"
    assert len(page.applied) == commits + 1
    assert page.scheduled == 0  # dispatch flushed itself: no extra JS -> Python call


def test_prevent_default_sets_the_flag_and_refs_resolve_the_node(page: MemoryKernel) -> None:
    page.query("input").value = "milk"
    assert page.fire("form", "submit") == 1
    assert page.query("#sent").text == "milk"


def test_updates_from_async_tasks_are_flushed_when_js_calls_flush(page: MemoryKernel) -> None:
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        page.fire("#later", "click")
        loop.run_until_complete(asyncio.sleep(0.01))
    finally:
        asyncio.set_event_loop(None)
        loop.close()
    assert page.scheduled == 1
    assert page.query("#count").text == "Count: 3"
    client.flush()
    assert page.query("#count").text == "Count: 13"


def test_an_island_that_fails_to_hydrate_is_logged_and_the_others_hydrate(console: list[tuple[str, str]]) -> None:
    broken = island_markup(f"{NAME}.Missing", "{}", "<p>static</p>")
    kernel = MemoryKernel(f"<main>{broken}{island(Counter, initial=1)}</main>")
    assert client.start(kernel) == 1
    [(level, message)] = console
    assert level == "error" and f"island <{NAME}.Missing> failed to hydrate" in message, message
    kernel.fire("#inc", "click")
    assert kernel.query("#count").text == "Count: 2"


def test_handler_errors_are_reported_with_the_component_name(console: list[tuple[str, str]]) -> None:
    @component
    def Broken():
        def fail() -> None:
            raise ValueError("no good")

        return p[button(id="x", on_click=fail)["x"]]

    kernel = MemoryKernel(f"<main>{island(Broken)}</main>")
    assert client.start(kernel) == 1
    assert kernel.fire("#x", "click") == 0
    [(level, message)] = console
    assert level == "error" and "<Broken>" in message and "Traceback" in message and "no good" in message


def test_count_nodes_agrees_with_the_reconcilers_snapshot_parser(page: MemoryKernel) -> None:
    snapshot = json.loads(page.snapshot(0, 500))
    _, end = parse_snapshot(snapshot, 500)
    assert count_nodes(snapshot) == end - 501 > 0


def test_node_handle_resolves_by_id_and_fails_clearly_once_removed() -> None:
    kernel = MemoryKernel("<p></p>")
    element = kernel.document.create_container(7, "input")
    handle = BrowserBackend(kernel).handle(7)  # type: ignore[arg-type]
    assert isinstance(handle, NodeHandle) and handle.node is element
    handle.value = "typed"
    assert element.value == "typed" and handle.value == "typed"
    del kernel.document.nodes[7]
    with pytest.raises(LookupError, match="#7 is no longer mounted"):
        handle.focus()


CLEANED: list[str] = []


@component
def Tracked(label: str = ""):
    use_effect(lambda: (lambda: CLEANED.append(label)), [])
    return span(class_="tracked")[label]


def test_islands_arriving_later_hydrate_on_the_running_runtime_and_leaving_ones_unmount() -> None:
    """What a client navigation does: hydrate() adopts the islands the kernel lists now, unmount()
    runs the cleanups of the islands that left."""
    CLEANED.clear()
    kernel = MemoryKernel(f"<main>{island(Counter, initial=1)}</main>")
    assert client.start(kernel) == 1
    runtime = client.runtime()
    first = kernel.islands_found[0]
    arriving = MemoryKernel(f"<main>{island(Tracked, label='b')}{island(Counter, initial=7)}</main>")
    kernel.islands_found = arriving.islands_found
    assert client.hydrate() == 2
    assert client.runtime() is runtime and len(runtime.roots) == 3
    assert len({root.id for root in runtime.roots}) == 3  # ids never collide across hydrations
    kernel.fire("#inc", "click")
    assert kernel.query("#count").text == "Count: 8"  # the arriving Counter is live
    assert client.unmount(json.dumps([kernel.islands_found[0].id, 999])) == 1
    assert CLEANED == ["b"] and len(runtime.roots) == 2
    assert client.unmount(json.dumps([first.id])) == 1
    assert [root.id for root in runtime.roots] == [kernel.islands_found[1].id]


class IdleKernel(MemoryKernel):
    """boot.mjs's kernel also asks for idle time to collect garbage in (requestIdleCallback)."""

    def __init__(self, page: str) -> None:
        super().__init__(page)
        self.idle_requests = 0

    def collectSoon(self) -> None:
        self.idle_requests += 1


def test_a_large_commit_collects_its_garbage_when_js_calls_collect_at_idle(monkeypatch: pytest.MonkeyPatch) -> None:
    import gc

    from pickle_reactor.core.reconciler import root

    monkeypatch.setattr(root._CollectorPaused, "later", None)  # restored after: start() sets it
    kernel = IdleKernel(f"<main>{island(Counter, initial=3)}</main>")
    client.start(kernel)
    threshold = gc.get_threshold()
    gc.set_threshold(5, *threshold[1:])  # any commit brings a collection due
    try:
        kernel.fire("#inc", "click")
        assert kernel.query("#count").text == "Count: 4"
        assert kernel.idle_requests == 1 and not gc.isenabled()
        client.collect()  # what the idle callback calls
        assert gc.isenabled()
        client.collect()
        assert kernel.idle_requests == 1 and gc.isenabled()
    finally:
        gc.set_threshold(*threshold)
        root.collect_now()
        gc.enable()
