"""The action of the fault tests (only its stub reaches the browser)."""

from __future__ import annotations

from pydantic import BaseModel

from pickle_reactor import action


class Number(BaseModel):
    n: int


@action
async def double(payload: Number) -> int:
    return payload.n * 2
