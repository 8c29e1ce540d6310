"""The Django sample project (run from this folder: ``python manage.py runserver``)."""
