"""Actions vs a plain Starlette route doing the same pydantic validation, under uvicorn on loopback.

    .venv/bin/python benchmarks/actions.py [--requests 2000] [--concurrency 16] [--rounds 5] [--max-seconds 120]

The server runs in a subprocess (one uvicorn worker on 127.0.0.1, a free port); concurrent httpx clients
send a fixed number of requests per round, alternating the two endpoints round by round so both see the
same machine noise. Prints a markdown table of medians over rounds and the action/plain ratios.
Target: action p50 latency <= 1.2x the plain route's.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

from pydantic import BaseModel, Field, TypeAdapter, ValidationError

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pickle_reactor import action


class NewTodo(BaseModel):
    title: str = Field(min_length=1, max_length=200)
    done: bool = False


class Todo(BaseModel):
    id: int
    title: str
    done: bool


@action
async def add_todo(payload: NewTodo) -> Todo:
    return Todo(id=1, title=payload.title, done=payload.done)


def make_app():  # type: ignore[no-untyped-def]
    """The server: the action mounted as the Reactor mounts it, and the equivalent hand-written route."""
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import JSONResponse, Response
    from starlette.routing import Mount, Route

    from pickle_reactor.server.actions.dispatch import (
        ActionDispatcher,
        actions_asgi_app,
    )

    result = TypeAdapter(Todo)

    async def plain(request: Request) -> Response:
        try:
            payload = NewTodo.model_validate_json(await request.body(), extra="forbid")
        except ValidationError as exc:
            return JSONResponse({"errors": exc.errors(include_url=False, include_input=False)}, status_code=422)
        todo = await add_todo(payload)
        return Response(result.dump_json(result.validate_python(todo)), media_type="application/json")

    dispatcher = ActionDispatcher([__name__])
    return Starlette(routes=[
        Route("/plain", plain, methods=["POST"]),
        Mount("/_reactor/actions", app=actions_asgi_app(dispatcher)),
    ])


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def wait_ready(port: int, deadline: float) -> None:
    import httpx

    async with httpx.AsyncClient() as client:
        while time.monotonic() < deadline:
            try:
                await client.post(f"http://127.0.0.1:{port}/plain", content=b"{}")
                return
            except httpx.TransportError:
                await asyncio.sleep(0.1)
    raise RuntimeError("the benchmark server did not start")


async def load(url: str, requests: int, concurrency: int, deadline: float) -> tuple[float, list[float]]:
    """Send ``requests`` POSTs from ``concurrency`` clients; returns (requests/s, latencies in ms)."""
    import httpx

    body = b'{"title": "buy milk", "done": false}'
    headers = {"content-type": "application/json", "sec-fetch-site": "same-origin"}
    latencies: list[float] = []
    remaining = requests

    async def worker(client: httpx.AsyncClient) -> None:
        nonlocal remaining
        while remaining > 0 and time.monotonic() < deadline:
            remaining -= 1
            start = time.perf_counter()
            response = await client.post(url, content=body, headers=headers)
            latencies.append((time.perf_counter() - start) * 1000)
            if response.status_code != 200:
                raise RuntimeError(f"{url}: {response.status_code} {response.text}")

    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(limits=limits) as client:
        began = time.perf_counter()
        await asyncio.gather(*(worker(client) for _ in range(concurrency)))
        elapsed = time.perf_counter() - began
    return len(latencies) / elapsed, latencies


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def bench(args: argparse.Namespace, port: int) -> None:
    deadline = time.monotonic() + args.max_seconds
    await wait_ready(port, time.monotonic() + 20)
    endpoints = {"plain Starlette route": f"http://127.0.0.1:{port}/plain",
                 "pickle-reactor action": f"http://127.0.0.1:{port}/_reactor/actions/__main__.add_todo"}
    for url in endpoints.values():  # warm-up: connections, imports, pydantic caches
        await load(url, 200, args.concurrency, deadline)
    rows: dict[str, list[tuple[float, float, float]]] = {name: [] for name in endpoints}
    for round_no in range(args.rounds):
        order = list(endpoints.items()) if round_no % 2 == 0 else list(endpoints.items())[::-1]
        for name, url in order:
            rps, latencies = await load(url, args.requests, args.concurrency, deadline)
            rows[name].append((rps, percentile(latencies, 0.5), percentile(latencies, 0.99)))
        if time.monotonic() > deadline:
            break
    medians = {name: tuple(statistics.median(r[i] for r in runs) for i in range(3)) for name, runs in rows.items()}
    plain = medians["plain Starlette route"]
    print(f"\n{args.requests} requests x {len(rows['plain Starlette route'])} rounds, {args.concurrency} concurrent "
          f"clients, 1 uvicorn worker, Python {sys.version.split()[0]} (medians over rounds)\n")
    print("| endpoint | requests/s | p50 ms | p99 ms | p50 vs plain | req/s vs plain |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for name, (rps, p50, p99) in medians.items():
        print(f"| {name} | {rps:,.0f} | {p50:.2f} | {p99:.2f} | {p50 / plain[1]:.2f}x | {rps / plain[0]:.2f}x |")
    ratio = medians["pickle-reactor action"][1] / plain[1]
    print(f"\naction p50 latency = {ratio:.2f}x the plain route (target <= 1.2x): {'OK' if ratio <= 1.2 else 'MISSED'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=2000, help="requests per endpoint per round")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--max-seconds", type=float, default=120, help="stop starting new rounds after this")
    parser.add_argument("--serve", type=int, metavar="PORT", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        import uvicorn

        uvicorn.run(make_app(), host="127.0.0.1", port=args.serve, log_level="warning", access_log=False)
        return
    port = free_port()
    server = subprocess.Popen([sys.executable, __file__, "--serve", str(port)], env={**os.environ, "PYTHONHASHSEED": "0"})
    try:
        asyncio.run(bench(args, port))
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
