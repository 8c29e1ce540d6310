"""An action module: its stub ships, its imports (pydantic) are not followed."""

from pydantic import BaseModel

from pickle_reactor import action


class Draft(BaseModel):
    title: str


@action
async def save(payload: Draft) -> dict:
    return {"title": payload.title}
