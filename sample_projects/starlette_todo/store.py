"""Todos in SQLite (stdlib): a file every uvicorn worker opens, so any worker serves any action."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sample_projects.todo_components.actions import Todo

DEFAULT_PATH = Path(__file__).resolve().parent / "todos.sqlite3"
SEED = ("Buy milk", "Write the report", "Call the plumber")


class SqliteTodoStore:
    def __init__(self, path: str | os.PathLike[str] = DEFAULT_PATH) -> None:
        self.path = str(path)
        with self._db() as db:
            db.execute("CREATE TABLE IF NOT EXISTS todo (id INTEGER PRIMARY KEY, title TEXT NOT NULL, done INTEGER NOT NULL DEFAULT 0)")
            if db.execute("SELECT COUNT(*) FROM todo").fetchone()[0] == 0:
                db.executemany("INSERT INTO todo (title) VALUES (?)", [(title,) for title in SEED])

    @contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=10)
        try:
            with db:  # one transaction, committed on success
                yield db
        finally:
            db.close()

    def all(self) -> list[Todo]:
        with self._db() as db:
            rows = db.execute("SELECT id, title, done FROM todo ORDER BY id").fetchall()
        return [Todo(id=row[0], title=row[1], done=bool(row[2])) for row in rows]

    def add(self, title: str) -> None:
        with self._db() as db:
            db.execute("INSERT INTO todo (title) VALUES (?)", (title,))

    def toggle(self, todo_id: int) -> None:
        with self._db() as db:
            db.execute("UPDATE todo SET done = 1 - done WHERE id = ?", (todo_id,))

    def delete(self, todo_id: int) -> None:
        with self._db() as db:
            db.execute("DELETE FROM todo WHERE id = ?", (todo_id,))
