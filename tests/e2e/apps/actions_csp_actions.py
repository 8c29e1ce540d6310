"""The action the CSP end-to-end test calls (only its stub reaches the browser)."""

from __future__ import annotations

from pydantic import BaseModel, Field

from pickle_reactor import action


class Number(BaseModel):
    n: int = Field(ge=0)


@action
async def add_one(payload: Number) -> int:
    return payload.n + 1
