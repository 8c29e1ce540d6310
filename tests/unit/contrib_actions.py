"""An action the adapter tests call through Django's and Starlette's routes."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from pickle_reactor import action


class Note(BaseModel):
    text: str = Field(min_length=1, max_length=20)


@action
def shout(payload: Note, request: Any) -> dict[str, str]:
    """Echo the text upper-cased, and which framework's request object the action received."""
    return {"text": payload.text.upper(), "request": f"{type(request).__module__}.{type(request).__name__}"}
