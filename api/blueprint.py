"""The Blueprint every resource module uses: strict query parsing and documented conditional GETs.

Strict means nothing a client sends is silently ignored: an unknown parameter
is a 422 that suggests the nearest valid name (`?lable=` -> "did you mean
`label`?"), and a parameter given twice is a 422 unless it is a list that
combines its values (documented as OR, like `label`); webargs would otherwise
keep the first value of `year=2011&year=2012` and drop the second.
"""

import difflib

import flask_smorest
from marshmallow import ValidationError, fields
from webargs.flaskparser import FlaskParser

UNKNOWN_FIELD = "Unknown field."


def _accepted_names(schema):
    """The query names a schema accepts (data keys), and those that may repeat (list fields)."""
    names, repeatable = [], set()
    for name, field in schema.fields.items():
        if field.load_only or not field.dump_only:
            key = field.data_key or name
            names.append(key)
            if isinstance(field, fields.List):
                repeatable.add(key)
    return names, repeatable


def repeated_message(name):
    return (
        f"Given more than once; `{name}` takes one value here (only parameters documented "
        "as repeatable combine their values, with OR)."
    )


def _likeness(asked, name):
    """How close a typed name is to a valid one: spelling first, then the same letters
    in another order (`lable` is nearer `label` than `table`)."""
    return (
        difflib.SequenceMatcher(None, asked, name).ratio(),
        difflib.SequenceMatcher(None, sorted(asked), sorted(name)).ratio(),
    )


def nearest_name(asked, names, cutoff=0.6):
    """The valid name nearest to `asked`, or None when none is close."""
    scored = sorted(((_likeness(asked, name), name) for name in names), reverse=True)
    if scored and scored[0][0][0] >= cutoff:
        return scored[0][1]
    return None


def unknown_message(name, names):
    close = nearest_name(name, names)
    hint = f" Did you mean `{close}`?" if close else ""
    return f"Unknown parameter.{hint} Valid parameters: {', '.join(sorted(names))}."


class StrictParser(FlaskParser):
    """Query arguments are validated by their schema's own `unknown` (RAISE in `schemas.args`).

    webargs would otherwise EXCLUDE unknown query parameters, silently ignoring typos,
    and take the first of repeated values.
    """

    DEFAULT_UNKNOWN_BY_LOCATION = {
        **FlaskParser.DEFAULT_UNKNOWN_BY_LOCATION,
        "query": None,
        "querystring": None,
    }

    def load_querystring(self, req, schema):
        names, repeatable = _accepted_names(schema)
        repeated = {
            name: [repeated_message(name)]
            for name, values in req.args.lists()
            if len(values) > 1 and name in names and name not in repeatable
        }
        data = super().load_querystring(req, schema)
        if repeated:  # named together with whatever else is wrong in the query
            raise ValidationError({**schema.validate(data), **repeated})
        return data

    def handle_error(self, error, req, schema, *, error_status_code, error_headers):
        names, _ = _accepted_names(schema)
        for detail in (error.messages or {}).values():
            if not isinstance(detail, dict):
                continue
            for name, messages in detail.items():
                if messages == [UNKNOWN_FIELD]:
                    detail[name] = [unknown_message(str(name), names)]
        super().handle_error(
            error, req, schema, error_status_code=error_status_code, error_headers=error_headers
        )


class Blueprint(flask_smorest.Blueprint):
    """flask-smorest Blueprint whose query parser refuses unknown and repeated parameters."""

    ARGUMENTS_PARSER = StrictParser()

    def not_found(self, what):
        """Document the 404 of a view that looks something up by id."""
        return self.alt_response(404, response="NOT_FOUND", description=f"No {what} with this id.")


def path_id(name, what, example):
    """Documentation of an id path parameter (the schema comes from the int converter)."""
    return {"in": "path", "name": name, "description": f"Id of the {what}.", "example": example}
