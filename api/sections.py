"""Sections: one heading-delimited part of a report, with its text and its numbers."""

from flask.views import MethodView

from api import queries, serialize
from api.blueprint import Blueprint, path_id
from api.errors import abort
from schemas.fields import MAX_ID
from schemas.responses import SectionDetailSchema
from store.models import Metric, Report, Section

blp = Blueprint(
    "sections",
    __name__,
    url_prefix="/api/v1/sections",
    description="Parts of a report delimited by its headings (一、, （一）, 附件).",
)


@blp.route("/<int:section_id>", parameters=[path_id("section_id", "section", 18)])
class SectionById(MethodView):
    @blp.response(200, SectionDetailSchema)
    @blp.not_found("section")
    def get(self, section_id):
        """Get a section with its text and metrics

        `text` is report.text[start:end]; `children` are its direct subsections;
        `metrics` are the numbers whose innermost section is this one. For the
        numbers of its subsections as well, use GET /metrics?within_section={id}.
        """
        rows = list(queries.section_rows(Section.id == section_id)) if section_id <= MAX_ID else []
        if not rows:
            abort(404, message=f"No section with id {section_id}.")
        row = rows[0]
        counts = queries.section_metric_counts(Metric.report == row["report"])
        item = serialize.section(row, counts)
        length = max(row["end"] - row["start"], 0)
        text = (
            (
                Report.select(
                    queries.fn.substr(Report.text, row["start"] + 1, length).alias("part")
                )
                .where(Report.id == row["report"])
                .scalar()
            )
            if length
            else ""
        )
        children = [
            serialize.section(child, counts)
            for child in queries.section_rows(Section.parent == section_id)
        ]
        metrics = serialize.metrics(
            queries.metric_select(Metric.section == section_id).order_by(Metric.start, Metric.id)
        )
        item.update(text=text or "", children=children, metrics=metrics)
        return item
