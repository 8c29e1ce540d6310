"""The Starlette sample app, answering with ``X-Worker-Pid`` so a test can tell which worker served it."""

from __future__ import annotations

import os
from typing import Any

from sample_projects.starlette_todo.app import app as sample_app

PID = str(os.getpid()).encode()


async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    async def send_with_pid(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            message = {**message, "headers": [*message.get("headers", ()), (b"x-worker-pid", PID)]}
        await send(message)

    await sample_app(scope, receive, send_with_pid)
