"""Settings of the todo sample: a stock ``startproject`` plus the three pickle-reactor lines."""

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "django-insecure-sample-project-only")
DEBUG = os.environ.get("DJANGO_DEBUG", "1") == "1"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]

INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.staticfiles",
    "pickle_reactor.contrib.django",  # pickle-reactor: the {% component %} tag and the system checks
    "todos",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "pickle_reactor.contrib.django.middleware.PickleReactorMiddleware",  # pickle-reactor: the bootstrap + CSP
]

# pickle-reactor: which modules may be hydrated / called from the browser (allow-lists).
PICKLE_REACTOR = {
    "components": ["sample_projects.todo_components.components"],
    "actions": ["sample_projects.todo_components.actions"],
    "pyodide": "local",
    "navigation": True,  # links between pages keep Python running (and the persistent counter's state)
}

ROOT_URLCONF = "django_todo.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": ["django.template.context_processors.request"]},
    },
]

WSGI_APPLICATION = "django_todo.wsgi.application"
ASGI_APPLICATION = "django_todo.asgi.application"

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("TODO_DB", BASE_DIR / "db.sqlite3"),
    }
}

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
