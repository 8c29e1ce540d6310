from django.apps import AppConfig


class TodosConfig(AppConfig):
    name = "todos"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from sample_projects.todo_components.actions import use_store

        from .store import OrmTodoStore

        use_store(OrmTodoStore())  # the shared todo actions read and write through the ORM
