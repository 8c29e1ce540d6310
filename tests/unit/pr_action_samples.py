"""Actions used by the action tests (importable by name: the dispatcher's allow-list takes module names)."""

from __future__ import annotations

import threading
import uuid
from typing import Annotated, Literal

from pydantic import BaseModel, Field, field_validator

from pickle_reactor import action

calls: list[tuple[str, object]] = []  # (action, what it saw), for tests that check a call happened or not


class NewTodo(BaseModel):
    title: str = Field(min_length=1, max_length=200)
    done: bool = False


class Todo(BaseModel):
    id: int
    title: str
    done: bool


class Item(BaseModel):
    title: str = Field(min_length=1)
    tag: str = Field(default="x", max_length=3)


class Cat(BaseModel):
    kind: Literal["cat"]
    meows: int


class Dog(BaseModel):
    kind: Literal["dog"]
    barks: int


class Order(BaseModel):
    items: list[Item]
    ref: uuid.UUID | None = None
    pet: Annotated[Cat | Dog, Field(discriminator="kind")] | None = None
    slug: str = Field(default="a", pattern=r"^[a-z]+$")
    weird_key: dict[str, int] = Field(default_factory=dict)

    @field_validator("slug")
    @classmethod
    def not_reserved(cls, value: str) -> str:
        if value == "admin":
            raise ValueError(f"{value} is reserved")
        return value


@action
async def add_todo(payload: NewTodo, request) -> list[Todo]:
    calls.append(("add_todo", request))
    return [Todo(id=1, title=payload.title, done=payload.done)]


@action
def add_todo_sync(payload: NewTodo) -> Todo:
    calls.append(("add_todo_sync", threading.get_ident()))
    return Todo(id=2, title=payload.title, done=payload.done)


@action
async def place_order(order: Order) -> int:
    return len(order.items)


@action
def ping() -> str:
    return "pong"


@action
async def explode(payload: NewTodo) -> int:
    raise RuntimeError(f"db password hunter2 leaked for {payload.title}")


@action
def explode_sync(payload: NewTodo) -> int:
    raise KeyError("internal-secret-key")


@action
async def wrong_result(payload: NewTodo) -> int:
    return "not an int"  # type: ignore[return-value]


@action
async def later(payload: Later) -> Later:  # a forward reference, resolved on first use
    return payload


class Later(BaseModel):
    n: int
