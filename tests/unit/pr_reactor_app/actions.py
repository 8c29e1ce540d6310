"""A sample action module: only its stub may ship."""

from pydantic import BaseModel

from pickle_reactor import action


class Item(BaseModel):
    title: str


@action
async def add_item(payload: Item) -> dict:
    return {"title": payload.title, "secret": "ACTION_BODY_SECRET"}
