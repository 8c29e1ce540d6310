"""The shared todo actions' storage, backed by the ``Todo`` model."""

from __future__ import annotations

from django.db.models import Case, Value, When

from sample_projects.todo_components.actions import Todo as TodoOut

from .models import Todo


class OrmTodoStore:
    def all(self) -> list[TodoOut]:
        return [TodoOut(id=t.id, title=t.title, done=t.done) for t in Todo.objects.all()]

    def add(self, title: str) -> None:
        Todo.objects.create(title=title)

    def toggle(self, todo_id: int) -> None:
        Todo.objects.filter(id=todo_id).update(done=Case(When(done=True, then=Value(False)), default=Value(True)))

    def delete(self, todo_id: int) -> None:
        Todo.objects.filter(id=todo_id).delete()
