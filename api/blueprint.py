"""The Blueprint every resource module uses: strict query parsing and documented conditional GETs."""
import flask_smorest
from webargs.flaskparser import FlaskParser


class StrictParser(FlaskParser):
    """Query arguments are validated by their schema's own `unknown` (RAISE in `schemas.args`).

    webargs would otherwise EXCLUDE unknown query parameters, silently ignoring typos.
    """

    DEFAULT_UNKNOWN_BY_LOCATION = {
        **FlaskParser.DEFAULT_UNKNOWN_BY_LOCATION,
        "query": None,
        "querystring": None,
    }


class Blueprint(flask_smorest.Blueprint):
    """flask-smorest Blueprint whose query parser refuses unknown parameters."""

    ARGUMENTS_PARSER = StrictParser()

    def not_found(self, what):
        """Document the 404 of a view that looks something up by id."""
        return self.alt_response(404, response="NOT_FOUND", description=f"No {what} with this id.")


def path_id(name, what, example):
    """Documentation of an id path parameter (the schema comes from the int converter)."""
    return {"in": "path", "name": name, "description": f"Id of the {what}.", "example": example}
