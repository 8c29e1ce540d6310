"""The Starlette sample project: ``uvicorn sample_projects.starlette_todo.app:app``."""
