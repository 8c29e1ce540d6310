"""The Starlette sample under ``uvicorn --workers 2`` on loopback: concurrent island pages and actions
with zero failures and flat memory; one worker SIGKILLed mid-run loses nothing it acknowledged.

Bounded: 20 concurrent clients, at most 600 requests or 12 s per run (benchmarks/load.py drives it and
prints the same figures as a table).
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

import pytest

from benchmarks.load import find_workers, run_load, stored_titles, table

from .servers import free_port, uvicorn

APP = "tests.e2e.apps.sample_pid_app:app"
CONCURRENCY = 20
REQUESTS = 600
SECONDS = 12.0
T = TypeVar("T")
FLAT_KIB = 8 * 1024  # RSS growth allowed per worker between two equal runs


def in_thread(coro: Coroutine[Any, Any, T]) -> T:
    """``asyncio.run`` on a thread of its own: once Playwright's sync API has started a browser in this
    process, the main thread counts as running an event loop."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    db = tmp_path / "todos.sqlite3"
    with uvicorn(APP, free_port(), workers=2, env={"TODO_DB": str(db)}) as base:
        yield base, db


def test_two_workers_serve_concurrent_pages_and_actions_without_a_failure(server: tuple[str, Path]) -> None:
    base, db = server
    first = in_thread(run_load(base, concurrency=CONCURRENCY, requests=REQUESTS, max_seconds=SECONDS))
    second = in_thread(run_load(base, concurrency=CONCURRENCY, requests=REQUESTS, max_seconds=SECONDS))
    print("\n" + table([("first run", first), ("second run", second)]))
    for run in (first, second):
        assert len(run.pids) == 2 and all(run.served.get(pid, 0) > 50 for pid in run.pids), run.served
        assert run.requests >= 200, f"only {run.requests} requests in {run.seconds:.1f} s"
        assert (run.errors, run.server_errors, run.other_status) == (0, 0, 0), run
        assert len(run.latencies) == run.requests
    for pid in first.pids:  # the same processes both times (none restarted): memory is flat
        grew = second.rss_after[pid] - first.rss_after[pid]
        assert grew < FLAT_KIB, f"worker {pid} grew by {grew} KiB over the second run"
    stored = stored_titles(db)
    assert [t for t in first.acknowledged + second.acknowledged if t not in stored] == []


def test_a_killed_worker_loses_nothing_acknowledged_and_the_other_keeps_serving(server: tuple[str, Path]) -> None:
    base, db = server
    run = in_thread(run_load(base, concurrency=CONCURRENCY, requests=REQUESTS, max_seconds=SECONDS, kill=True))
    print("\n" + table([("one worker SIGKILLed half-way", run)]))
    assert run.killed is not None and run.server_errors == 0 and run.other_status == 0, run
    # Only what the killed worker had in flight fails: at most one request per client connection.
    assert run.errors <= CONCURRENCY, run
    assert run.served_after_kill >= 100, run  # the other worker kept serving
    assert run.acknowledged and [t for t in run.acknowledged if t not in stored_titles(db)] == []
    after = in_thread(find_workers(base))  # uvicorn started a replacement: two workers again
    assert len(after) == 2 and run.killed not in after, after
