"""A minimal Django project for Fast Refresh under ``runserver`` (autoreload on): settings, urls, a view."""
