"""Checks across reports: reconciliations and identities, filterable."""

from flask.views import MethodView

from api import queries, serialize
from api.blueprint import Blueprint
from api.export import Export, export_arguments, export_or_page
from api.pagination import LIST_HEADERS
from schemas.args import AllCheckArgs
from schemas.responses import CheckSchema

blp = Blueprint(
    "checks",
    __name__,
    url_prefix="/api/v1/checks",
    description="Consistency checks: each metric with parts reconciled against their sum, "
    "and the template identities. Failures are reported, never corrected.",
)

CHECKS_EXPORT = Export(
    "checks",
    CheckSchema(),
    [
        (name, name)
        for name in (
            "id",
            "report_id",
            "metric_id",
            "agency",
            "year",
            "kind",
            "rule",
            "breakdown",
            "subject",
            "status",
            "stated",
            "computed",
            "difference",
            "detail",
        )
    ],
)
"""Export of GET /checks and GET /reports/{id}/checks (`detail` as JSON)."""


@blp.route("")
class Checks(MethodView):
    @export_arguments(blp, AllCheckArgs, CHECKS_EXPORT)
    @blp.response(200, CheckSchema(many=True), headers=LIST_HEADERS)
    def get(self, args):
        """List checks across reports

        Filter by status (e.g. `status=fail` for every mismatch), kind, rule, breakdown (`partial`: parts <= whole),
        report, metric, agency and covered year.
        """
        return export_or_page(
            CHECKS_EXPORT,
            queries.check_query(args),
            args,
            count_query=queries.check_count_query(args),
            convert=serialize.checks,
        )
