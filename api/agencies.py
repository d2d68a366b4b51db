"""Agencies: who publishes reports, with how many reports and which years."""
from flask.views import MethodView

from api import queries
from api.blueprint import Blueprint
from api.export import Export, export_arguments, export_or_page
from api.pagination import LIST_HEADERS
from schemas.args import AgencyArgs
from schemas.responses import AgencySchema

blp = Blueprint(
    "agencies", __name__, url_prefix="/api/v1/agencies",
    description="Publishing bodies, named as written in their reports (质检总局).",
)

AGENCIES_EXPORT = Export(
    "agencies", AgencySchema(),
    [(name, name) for name in ("id", "name", "report_count", "metric_count", "years")],
    example="id,name,report_count,metric_count,years\r\n1,质检总局,2,420,2011;2012\r\n",
)
"""Export of GET /agencies."""


def _with_years(rows):
    years = queries.agency_years([row["id"] for row in rows])
    return [dict(row, years=years[row["id"]]) for row in rows]


@blp.route("")
class Agencies(MethodView):
    @export_arguments(blp, AgencyArgs, AGENCIES_EXPORT)
    @blp.response(200, AgencySchema(many=True), headers=LIST_HEADERS)
    def get(self, args):
        """List agencies

        Each agency with its number of reports and metrics and the years its
        reports cover, ordered by name.
        """
        return export_or_page(AGENCIES_EXPORT, queries.agency_query(args), args,
                        count_query=queries.agency_count_query(args),
                        convert=_with_years)
