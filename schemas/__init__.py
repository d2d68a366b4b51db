"""Marshmallow schemas of the API: query arguments (`schemas.args`) and responses (`schemas.responses`).

Schemas only validate and shape plain data; none of them touches the database.
"""
