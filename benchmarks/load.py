"""Load and a killed worker: the Starlette sample under ``uvicorn --workers 2`` on loopback.

    .venv/bin/python benchmarks/load.py [--concurrency 20] [--requests 2000] [--max-seconds 20] [--kill]

Concurrent httpx clients alternate ``GET /`` (the island page: SSR of every todo, the bootstrap tags,
the CSP) with a POST of the ``add_todo`` action, each with a unique title, for a fixed number of
requests or seconds (whichever ends first). Counted: requests, errors (connection failures), 5xx,
latency p50/p99, and each worker's RSS before and after (from ``/proc``; the workers are told apart by
the ``X-Worker-Pid`` header of ``tests/e2e/apps/sample_pid_app.py``). ``--kill`` SIGKILLs one worker
half-way: requests that worker had in flight fail (they were never acknowledged), the other worker goes
on serving, uvicorn starts a replacement, and every title whose POST was answered 200 must be in the
SQLite store afterwards. Prints a markdown table; ``tests/e2e/test_load.py`` asserts on the same run.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import sqlite3
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

APP = "tests.e2e.apps.sample_pid_app:app"
ACTION = "/_reactor/actions/sample_projects.todo_components.actions.add_todo"
HEADERS = {"Content-Type": "application/json", "Sec-Fetch-Site": "same-origin"}


@dataclass
class LoadResult:
    concurrency: int
    requests: int = 0
    seconds: float = 0.0
    errors: int = 0           # no HTTP answer (connection refused/reset: the killed worker's requests)
    server_errors: int = 0    # 5xx
    other_status: int = 0     # anything but 200 that is not 5xx
    latencies: list[float] = field(default_factory=list, repr=False)
    acknowledged: list[str] = field(default_factory=list, repr=False)  # titles answered 200
    pids: set[int] = field(default_factory=set)
    served: dict[int, int] = field(default_factory=dict)  # 200s per worker pid
    killed: int | None = None
    served_after_kill: int = 0  # 200s answered by another worker after the kill
    rss_before: dict[int, int] = field(default_factory=dict)
    rss_after: dict[int, int] = field(default_factory=dict)

    def percentile(self, q: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000 if ordered else float("nan")


def rss_kib(pid: int) -> int:
    """Resident set size of ``pid`` in KiB (0 once it is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except FileNotFoundError:
        pass
    return 0


async def find_workers(base: str, want: int = 2, tries: int = 400) -> set[int]:
    """The worker pids, from fresh connections until ``want`` different ones have answered."""
    pids: set[int] = set()
    for _ in range(tries):
        async with httpx.AsyncClient(base_url=base) as client:
            pids.add(int((await client.get("/about")).headers["x-worker-pid"]))
        if len(pids) >= want:
            break
    return pids


async def run_load(base: str, *, concurrency: int = 20, requests: int = 2000, max_seconds: float = 20.0,
                   kill: bool = False) -> LoadResult:
    result = LoadResult(concurrency)
    result.pids = await find_workers(base)
    # Warm-up (first renders, the bundle built, pydantic compiled), then the baseline RSS.
    async with httpx.AsyncClient(base_url=base) as client:
        for _ in range(40):
            await client.get("/")
    result.rss_before = {pid: rss_kib(pid) for pid in result.pids}
    victim = min(result.pids) if kill else None
    issued = 0
    kill_at = requests // 2
    started = time.perf_counter()
    deadline = started + max_seconds
    # A fresh connection per request: the kernel hands each to either worker, as a load balancer would
    # (kept-alive connections would pin every client to the worker that accepted it first).
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=0)

    run = os.urandom(3).hex()  # titles unique across runs on one store

    async def one(client: httpx.AsyncClient, n: int) -> None:
        title = f"load {run} {n}"
        t0 = time.perf_counter()
        try:
            if n % 2:
                response = await client.post(ACTION, json={"title": title}, headers=HEADERS)
            else:
                response = await client.get("/")
        except httpx.HTTPError:
            result.errors += 1
            return
        result.latencies.append(time.perf_counter() - t0)
        if response.status_code >= 500:
            result.server_errors += 1
        elif response.status_code != 200:
            result.other_status += 1
        else:
            if n % 2:
                result.acknowledged.append(title)
            pid = int(response.headers["x-worker-pid"])
            result.served[pid] = result.served.get(pid, 0) + 1
            if result.killed is not None and pid != result.killed:
                result.served_after_kill += 1

    async def client_loop(client: httpx.AsyncClient) -> None:
        nonlocal issued
        while issued < requests and time.perf_counter() < deadline:
            n = issued
            issued += 1
            if victim is not None and n == kill_at:
                os.kill(victim, signal.SIGKILL)
                result.killed = victim
            await one(client, n)

    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:
        await asyncio.gather(*(client_loop(client) for _ in range(concurrency)))
    result.requests = issued
    result.seconds = time.perf_counter() - started
    result.rss_after = {pid: rss_kib(pid) for pid in result.pids}
    return result


def stored_titles(db: Path) -> set[str]:
    with sqlite3.connect(db) as conn:
        return {row[0] for row in conn.execute("SELECT title FROM todo")}


def table(results: list[tuple[str, LoadResult]]) -> str:
    lines = ["| run | requests | concurrency | seconds | req/s | errors | 5xx | p50 ms | p99 ms | "
             "per worker: 200s, RSS before → after (MiB) |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
    for label, r in results:
        others = sorted(set(r.served) - r.pids)  # the replacement of a killed worker
        rss = "; ".join(f"{r.served.get(p, 0)}, {r.rss_before[p] / 1024:.1f} → {r.rss_after[p] / 1024:.1f}"
                        + (" (killed)" if p == r.killed else "") for p in sorted(r.pids))
        rss += "".join(f"; replacement: {r.served[p]}" for p in others)
        lines.append(f"| {label} | {r.requests} | {r.concurrency} | {r.seconds:.1f} | {r.requests / r.seconds:.0f} | "
                     f"{r.errors} | {r.server_errors} | {r.percentile(0.5):.1f} | {r.percentile(0.99):.1f} | {rss} |")
    return "\n".join(lines)


def main() -> None:
    from tests.e2e.servers import free_port, uvicorn

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--max-seconds", type=float, default=20.0)
    parser.add_argument("--kill", action="store_true", help="also run with one worker SIGKILLed half-way")
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "todos.sqlite3"
        with uvicorn(APP, free_port(), workers=2, env={"TODO_DB": str(db)}) as base:
            load = asyncio.run(run_load(base, concurrency=args.concurrency, requests=args.requests,
                                        max_seconds=args.max_seconds))
            results.append(("2 workers", load))
            if args.kill:
                killed = asyncio.run(run_load(base, concurrency=args.concurrency, requests=args.requests,
                                              max_seconds=args.max_seconds, kill=True))
                results.append(("2 workers, one SIGKILLed half-way", killed))
        lost = [t for _, r in results for t in r.acknowledged if t not in stored_titles(db)]
    print(table(results))
    print(f"\nacknowledged adds lost: {len(lost)}")


if __name__ == "__main__":
    main()
