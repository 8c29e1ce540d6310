"""Settings for tests/e2e/test_refresh.py's Django server: DEBUG (so Fast Refresh is on), the live
components package the test edits, our app, middleware and urls."""

SECRET_KEY = "tests-only"
DEBUG = True
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "tests.e2e.apps.refresh_django.urls"
INSTALLED_APPS = ["pickle_reactor.contrib.django"]
MIDDLEWARE = [
    "django.middleware.csrf.CsrfViewMiddleware",
    "pickle_reactor.contrib.django.middleware.PickleReactorMiddleware",
]
TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "APP_DIRS": True}]
PICKLE_REACTOR = {"components": ["pr_live_app.components"]}
USE_TZ = True
