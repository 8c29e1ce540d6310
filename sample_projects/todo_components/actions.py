"""Server actions of the todo islands. The browser gets a stub of this module: none of this code (nor the
store) ever ships. Each app plugs its own storage in with ``use_store`` — SQLite for Starlette, the ORM
for Django — so any worker process can serve any call (nothing is kept in memory)."""

from __future__ import annotations

from typing import Protocol

from pydantic import BaseModel, Field, field_validator

from pickle_reactor import action

__all__ = [
    "NewTodo",
    "Todo",
    "TodoRef",
    "TodoStore",
    "add_todo",
    "delete_todo",
    "get_store",
    "toggle_todo",
    "use_store",
]

MAX_TITLE = 80


class Todo(BaseModel):
    id: int
    title: str
    done: bool


class NewTodo(BaseModel):
    title: str = Field(max_length=MAX_TITLE)

    @field_validator("title")
    @classmethod
    def not_blank(cls, value: str) -> str:
        value = value.strip()
        if not value:
            raise ValueError("Write something to do first.")
        return value


class TodoRef(BaseModel):
    id: int = Field(ge=1)


class TodoStore(Protocol):
    """Where todos live; every method is a complete unit of work (no state between calls)."""

    def all(self) -> list[Todo]: ...
    def add(self, title: str) -> None: ...
    def toggle(self, todo_id: int) -> None: ...
    def delete(self, todo_id: int) -> None: ...


_store: TodoStore | None = None


def use_store(store: TodoStore) -> None:
    """Called once by the app at start-up (Starlette's app module, Django's ``AppConfig.ready``)."""
    global _store
    _store = store


def get_store() -> TodoStore:
    if _store is None:
        raise RuntimeError("todo_components.actions: call use_store(...) when the app starts")
    return _store


@action
def add_todo(payload: NewTodo) -> list[Todo]:
    get_store().add(payload.title)
    return get_store().all()


@action
def toggle_todo(payload: TodoRef) -> list[Todo]:
    get_store().toggle(payload.id)
    return get_store().all()


@action
def delete_todo(payload: TodoRef) -> list[Todo]:
    get_store().delete(payload.id)
    return get_store().all()
