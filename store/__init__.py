"""The Peewee store: models, and opening a database from a URL."""
