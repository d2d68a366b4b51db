"""Search: find text in the reports, with where it is and the numbers around it.

Label filters only find what the extraction named; a journalist looks for
words (申请, 依申请公开, 行政复议). GET /search finds them in the reports' text
(the passages and indexes of `store.search`), one hit per passage (a
section's own text), in report then text order. Each hit carries offsets into
the report text (the same text as GET /reports/{id}/text), so a hit can be
shown in place and checked: text[start:end] == q for every match.
"""

from flask.views import MethodView
from peewee import JOIN

from api import queries
from api.blueprint import Blueprint
from api.export import Export, export_arguments, export_or_page
from api.pagination import LIST_HEADERS
from schemas.search import SearchArgs, SearchHitSchema
from store.models import Agency, Report, SearchPassage, Section, database
from store.search import match_condition, occurrences

blp = Blueprint(
    "search",
    __name__,
    url_prefix="/api/v1/search",
    description="Full-text search of the reports' text (Chinese-aware: trigram indexes, and "
    "exact scans for one- and two-character words), with offsets and the metrics around "
    "each hit.",
)

SNIPPET_RADIUS = 60
"""Characters of context on each side of a hit's first match."""
SNIPPET_BATCH = 100
"""Snippets whose metrics are fetched by one UNION ALL (SQLite allows 500 parts)."""

SEARCH_EXPORT = Export(
    "search",
    SearchHitSchema(),
    [
        ("report_id", "report.id"),
        ("agency", "report.agency"),
        ("year", "report.year"),
        ("title", "report.title"),
        ("section_id", "section.id"),
        ("section_title", "section.title"),
        ("match_count", "match_count"),
        ("snippet_start", "snippet.start"),
        ("snippet_end", "snippet.end"),
        ("snippet", "snippet.text"),
    ],
)


def search_conditions(args):
    """WHERE conditions on the passage (and its report) for the query and the filters."""
    conditions = [match_condition(args["q"])]
    report_filters = []
    if args.get("report") is not None:
        conditions.append(SearchPassage.report == args["report"])
    if args.get("agency") is not None:
        report_filters.append(Report.agency.in_(queries._agency_ids(args["agency"])))
    report_filters.extend(queries.register_conditions(Report.agency, args))
    report_filters.extend(queries._year_conditions(Report.year, args))
    if report_filters:
        conditions.append(SearchPassage.report.in_(Report.select(Report.id).where(*report_filters)))
    return conditions


def search_query(args):
    """The passages matching, with report and section facts, in report then text order."""
    return (
        SearchPassage.select(
            SearchPassage.id,
            SearchPassage.report,
            SearchPassage.section,
            SearchPassage.start,
            SearchPassage.end,
            SearchPassage.text,
            Report.year,
            Report.title,
            Agency.name.alias("agency_name"),
            Section.marker,
            Section.title.alias("section_title"),
        )
        .join(Report, on=(SearchPassage.report == Report.id))
        .join(Agency, JOIN.LEFT_OUTER, on=(Report.agency == Agency.id))
        .switch(SearchPassage)
        .join(Section, JOIN.LEFT_OUTER, on=(SearchPassage.section == Section.id))
        .where(*search_conditions(args))
        .order_by(SearchPassage.id)  # report then text order (store.search)
        .dicts()
    )


def search_count_query(args):
    return queries._count(SearchPassage, search_conditions(args))


SNIPPET_METRICS_SQL = (
    'SELECT report_id, ?, id, label, value, unit, start, "end" FROM metric '
    'WHERE report_id = ? AND start >= ? AND "end" <= ?'
)
"""The metrics of one snippet: narrowed by the metric table's report index."""


def _snippet_metrics(snippets):
    """{(report id, snippet start): [metric dicts]} for the snippets' spans.

    One UNION ALL of a small SELECT per snippet (an OR of all the spans in one
    WHERE makes SQLite scan the table; a query per snippet costs a round trip
    each; peewee takes longer to build the compound than the database to run
    it, hence plain SQL).
    """
    found = {key: [] for key in snippets}
    keys = list(snippets)
    db = database.obj
    sql_part = SNIPPET_METRICS_SQL.replace("?", db.param)
    for at in range(0, len(keys), SNIPPET_BATCH):
        batch = keys[at : at + SNIPPET_BATCH]
        params = []
        for report_id, start in batch:
            params += [start, report_id, start, snippets[(report_id, start)]]
        sql = " UNION ALL ".join([sql_part] * len(batch))
        for report_id, snippet, metric_id, label, value, unit, m_start, m_end in db.execute_sql(
            sql, params
        ).fetchall():
            found[(report_id, snippet)].append(
                {
                    "id": metric_id,
                    "label": label,
                    "value": value,
                    "unit": unit,
                    "start": m_start,
                    "end": m_end,
                }
            )
    for items in found.values():
        items.sort(key=lambda item: (item["start"], item["id"]))
    return found


def hits(rows, q):
    """Served hits from passage rows: snippet around the first match, matches, metrics."""
    prepared = []
    for row in rows:
        offsets = occurrences(row["text"], q)
        first = offsets[0] if offsets else 0
        cut_start = max(0, first - SNIPPET_RADIUS)
        cut_end = min(len(row["text"]), first + len(q) + SNIPPET_RADIUS)
        base = row["start"]
        prepared.append(
            (row, offsets, base + cut_start, base + cut_end, row["text"][cut_start:cut_end])
        )
    metrics = _snippet_metrics({(row["report"], start): end for row, _, start, end, _ in prepared})
    items = []
    for row, offsets, start, end, text in prepared:
        base = row["start"]
        items.append(
            {
                "report": {
                    "id": row["report"],
                    "agency": row["agency_name"],
                    "year": row["year"],
                    "title": row["title"],
                },
                "section": None
                if row["section"] is None
                else {"id": row["section"], "marker": row["marker"], "title": row["section_title"]},
                "passage": {"start": row["start"], "end": row["end"]},
                "match_count": len(offsets),
                "snippet": {"start": start, "end": end, "text": text},
                "matches": [
                    {"start": base + at, "end": base + at + len(q)}
                    for at in offsets
                    if start <= base + at and base + at + len(q) <= end
                ],
                "metrics": metrics[(row["report"], start)],
            }
        )
    return items


@blp.route("")
class Search(MethodView):
    @export_arguments(blp, SearchArgs, SEARCH_EXPORT)
    @blp.response(200, SearchHitSchema(many=True), headers=LIST_HEADERS)
    def get(self, args):
        """Search the reports' text

        One hit per passage (a section's own text, up to its first subsection)
        containing `q` exactly, in report then text order: the report, the
        section, how many times `q` occurs there, a snippet around the first
        occurrence with the offsets of every occurrence inside it (into GET
        /reports/{id}/text: text[start:end] == q) and the metrics inside the
        snippet. Any length works: three characters and more are answered from a
        trigram index, one or two (公开, 申请) by an exact scan of the passages the
        other filters leave. A phrase that runs across a heading is not found.
        """
        return export_or_page(
            SEARCH_EXPORT,
            search_query(args),
            args,
            count_query=search_count_query(args),
            convert=lambda rows: hits(rows, args["q"]),
        )
