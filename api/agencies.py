"""Agencies: who publishes reports, with how many reports and which years."""

from flask.views import MethodView

from api import queries
from api.blueprint import Blueprint
from api.export import Export, export_arguments, export_or_page
from api.pagination import LIST_HEADERS
from schemas.args import AgencyArgs
from schemas.responses import AgencySchema

blp = Blueprint(
    "agencies",
    __name__,
    url_prefix="/api/v1/agencies",
    description="Publishing bodies under their canonical name, with the other spellings met "
    "(国家质检总局 = 质检总局), their region, level and administrative division code.",
)

AGENCIES_EXPORT = Export(
    "agencies",
    AgencySchema(),
    [(name, name) for name in ("id", "name", "report_count", "metric_count", "years")]
    + [
        ("province", "region.province"),
        ("city", "region.city"),
        ("county", "region.county"),
        ("level", "level"),
        ("kind", "kind"),
        ("division_code", "division_code"),
        ("aliases", "aliases"),
    ],
    example="id,name,report_count,metric_count,years,province,city,county,level,"
    "kind,division_code,aliases\r\n"
    "1,质检总局,2,422,2011;2012,,,,national,department,,国家质检总局\r\n",
)
"""Export of GET /agencies."""


def _with_years(rows):
    ids = [row["id"] for row in rows]
    years, aliases = queries.agency_years(ids), queries.agency_aliases(ids)
    return [
        {
            "id": row["id"],
            "name": row["name"],
            "report_count": row["report_count"],
            "metric_count": row["metric_count"],
            "years": years[row["id"]],
            "region": {"province": row["province"], "city": row["city"], "county": row["county"]},
            "level": row["level"],
            "kind": row["kind"],
            "division_code": row["division_code"],
            "aliases": aliases[row["id"]],
        }
        for row in rows
    ]


@blp.route("")
class Agencies(MethodView):
    @export_arguments(blp, AgencyArgs, AGENCIES_EXPORT)
    @blp.response(200, AgencySchema(many=True), headers=LIST_HEADERS)
    def get(self, args):
        """List agencies

        Each agency with its number of reports and metrics, the years its reports
        cover, its region (province / city / county), level, kind, division code and
        the other spellings of its name met in reports, ordered by name. Filter by
        name (`q`, spellings included), `region` and `level`.
        """
        return export_or_page(
            AGENCIES_EXPORT,
            queries.agency_query(args),
            args,
            count_query=queries.agency_count_query(args),
            convert=_with_years,
        )
