"""Reports: metadata, the stored text, the section tree and the checks of each report."""

from flask.views import MethodView

from api import queries, serialize
from api.blueprint import Blueprint, path_id
from api.checks import CHECKS_EXPORT
from api.errors import abort
from api.export import Export, export_arguments, export_or_page
from api.pagination import LIST_HEADERS
from schemas.args import CheckArgs, ReportArgs
from schemas.fields import MAX_ID
from schemas.responses import CheckSchema, ReportSchema, ReportTextSchema, SectionNodeSchema
from store.models import Report, Section

blp = Blueprint(
    "reports",
    __name__,
    url_prefix="/api/v1/reports",
    description="Loaded reports: metadata, the exact text every offset points into, the "
    "section tree and the consistency checks.",
)

REPORT_ID = path_id("report_id", "report", 1)

REPORTS_EXPORT = Export(
    "reports",
    ReportSchema(),
    [
        (name, name)
        for name in (
            "id",
            "agency",
            "agency_id",
            "agency_as_printed",
            "year",
            "year_inferred",
            "title",
            "published_on",
            "period_start",
            "period_end",
            "issuer",
            "source_name",
            "sources",
            "sha256",
            "format",
            "media_type",
            "encoding",
            "loaded_at",
            "warnings",
            "section_count",
            "metric_count",
        )
    ],
)
"""Export of GET /reports (metadata, never the text)."""


def report_or_404(report_id):
    """The report's served dict, or a 404 naming the id."""
    if report_id <= MAX_ID:
        rows = list(queries.report_select(Report.id == report_id))
        if rows:
            return serialize.report(rows[0])
    abort(404, message=f"No report with id {report_id}.")


def require_report(report_id):
    if report_id > MAX_ID or not Report.select(Report.id).where(Report.id == report_id).exists():
        abort(404, message=f"No report with id {report_id}.")


@blp.route("")
class Reports(MethodView):
    @export_arguments(blp, ReportArgs, REPORTS_EXPORT)
    @blp.response(200, ReportSchema(many=True), headers=LIST_HEADERS)
    def get(self, args):
        """List reports

        Filter by agency, covered year (exact or range) and words of the title;
        sorted by year then id unless `sort` says otherwise.
        """
        return export_or_page(
            REPORTS_EXPORT,
            queries.report_query(args),
            args,
            count_query=queries.report_count_query(args),
            convert=serialize.reports,
        )


@blp.route("/<int:report_id>", parameters=[REPORT_ID])
class ReportById(MethodView):
    @blp.response(200, ReportSchema)
    @blp.not_found("report")
    def get(self, report_id):
        """Get a report's metadata

        Agency, covered year (and whether it was inferred), title, dates, issuer,
        source file, SHA-256, format and encoding, load time, loader warnings, and
        the numbers of sections and metrics.
        """
        return report_or_404(report_id)


@blp.route("/<int:report_id>/text", parameters=[REPORT_ID])
class ReportText(MethodView):
    @blp.response(200, ReportTextSchema)
    @blp.not_found("report")
    def get(self, report_id):
        """Get a report's text exactly as stored

        The decoded text (BOM removed, line endings as \\n) that every `start`/`end`
        offset of the API points into: for any metric, `text[start:end]` is its
        `source.quote`. Offsets count Unicode code points (Python/JavaScript-style
        string indexes over code points).
        """
        row = (
            Report.select(Report.id, Report.text).where(Report.id == report_id).first()
            if report_id <= MAX_ID
            else None
        )
        if row is None:
            abort(404, message=f"No report with id {report_id}.")
        return {"report_id": row.id, "length": len(row.text), "text": row.text}


@blp.route("/<int:report_id>/sections", parameters=[REPORT_ID])
class ReportSections(MethodView):
    @blp.response(200, SectionNodeSchema(many=True))
    @blp.not_found("report")
    def get(self, report_id):
        """Get a report's section tree

        The top-level sections (一、 … and 附件) in text order, each with its
        subsections nested in `children`. Not paginated: a tree is served whole. A
        report without headings has no sections (an empty list).
        """
        require_report(report_id)
        rows = list(queries.section_rows(Section.report == report_id))
        counts = queries.section_metric_counts(queries.Metric.report == report_id)
        return serialize.section_tree(rows, counts)


@blp.route("/<int:report_id>/checks", parameters=[REPORT_ID])
class ReportChecks(MethodView):
    @export_arguments(blp, CheckArgs, CHECKS_EXPORT)
    @blp.response(200, CheckSchema(many=True), headers=LIST_HEADERS)
    @blp.not_found("report")
    def get(self, args, report_id):
        """List a report's checks

        Reconciliations (a metric against the sum of its parts) and template
        identities, with both sides and the difference; a failure is data, never a
        correction. Filter by status, kind and rule.
        """
        require_report(report_id)
        args = dict(args, report=report_id)
        return export_or_page(
            CHECKS_EXPORT,
            queries.check_query(args),
            args,
            count_query=queries.check_count_query(args),
            convert=serialize.checks,
        )
