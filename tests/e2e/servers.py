"""Start real servers (uvicorn, Django's runserver) on free loopback ports for end-to-end tests."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serve(
    args: Sequence[str],
    port: int,
    *,
    cwd: Path = ROOT,
    env: dict[str, str] | None = None,
    ready_path: str = "/",
    timeout: float = 60.0,
) -> Iterator[str]:
    """Run ``python <args>`` until ``http://127.0.0.1:<port><ready_path>`` answers; yield the base URL."""
    full_env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    proc = subprocess.Popen(
        [sys.executable, *args],
        cwd=cwd,
        env=full_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # its own process group: a reloader's children are stopped with it
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    try:
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"server {' '.join(args)} exited early:\n{proc.stdout.read() if proc.stdout else ''}")
            try:
                urllib.request.urlopen(base + ready_path, timeout=2).close()
                break
            except urllib.error.HTTPError:
                break  # it answered: that is all readiness needs
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"server {' '.join(args)} did not answer on {base} within {timeout}s")
                time.sleep(0.2)
        yield base
    finally:
        _stop_group(proc)


def _stop_group(proc: subprocess.Popen[str]) -> None:
    try:
        os.killpg(proc.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    try:
        os.killpg(proc.pid, signal.SIGKILL)  # whatever of the group outlived its leader
    except ProcessLookupError:
        pass


def uvicorn(app: str, port: int, *, workers: int = 1, **kwargs: object) -> "contextmanager[str]":  # type: ignore[type-arg]
    """``uvicorn module:app`` on 127.0.0.1:port."""
    args = ["-m", "uvicorn", app, "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"]
    if workers > 1:
        args += ["--workers", str(workers)]
    return serve(args, port, **kwargs)  # type: ignore[arg-type]
