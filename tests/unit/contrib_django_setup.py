"""Django settings for the adapter tests, configured once per test process on import.

Only the ``test_contrib_django*`` modules import this, so other tests never see Django configured.
Pyodide is a stand-in directory with small files of known content: these tests check routing and
headers, not Pyodide itself (the end-to-end tests use the real copy).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import django
from django.conf import settings

from pickle_reactor.server.pyodide_dist import RUNTIME_FILES

PYODIDE_DIR = Path(tempfile.mkdtemp(prefix="pr-django-pyodide-"))
for _name in RUNTIME_FILES:
    (PYODIDE_DIR / _name).write_bytes(f"stand-in for {_name}".encode())

CSRF = "django.middleware.csrf.CsrfViewMiddleware"
GZIP = "django.middleware.gzip.GZipMiddleware"
OURS = "pickle_reactor.contrib.django.middleware.PickleReactorMiddleware"
DJANGO_CSP = "csp.middleware.CSPMiddleware"

REACTOR_SETTINGS = {
    "components": ["contrib_components"],
    "actions": ["contrib_actions"],
    "pyodide_dir": str(PYODIDE_DIR),
}

if not settings.configured:
    settings.configure(
        DEBUG=False,
        SECRET_KEY="tests-only",
        ALLOWED_HOSTS=["testserver"],
        ROOT_URLCONF="contrib_django_urls",
        INSTALLED_APPS=["pickle_reactor.contrib.django"],
        MIDDLEWARE=[GZIP, CSRF, OURS],
        TEMPLATES=[{
            "BACKEND": "django.template.backends.django.DjangoTemplates",
            "APP_DIRS": True,
            "OPTIONS": {"context_processors": ["django.template.context_processors.request"]},
        }],
        PICKLE_REACTOR=REACTOR_SETTINGS,
        USE_TZ=True,
    )
    django.setup()
