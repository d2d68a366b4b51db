"""WSGI entry point: `gunicorn 'api.wsgi:app'` (the store comes from DATABASE_URL)."""

from api import create_app

app = create_app()
