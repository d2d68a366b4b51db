"""The `disclosure` command: load documents, evaluate extraction, write the OpenAPI spec, serve.

Bad input becomes a usage error or a named failure, never a traceback.
"""

import json
import sys
from pathlib import Path

import click

from store.db import database_url, ensure_schema, open_database

DATABASE_OPTION = click.option(
    "--database-url",
    envvar="DATABASE_URL",
    default=None,
    show_envvar=True,
    help="Database to use: sqlite:///path or postgresql://user@host/db "
    "(default: the SQLite file var/disclosure.db under the project).",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main():
    """Government information-disclosure reports as a queryable API."""


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@DATABASE_OPTION
@click.option(
    "--dry-run",
    is_flag=True,
    help="Parse and print the extraction as JSON; the database is not touched.",
)
@click.option("--with-text", is_flag=True, help="With --dry-run: include the document text.")
@click.option("--quiet", "-q", is_flag=True, help="Print only the summary line and failures.")
def load(paths, database_url, dry_run, with_text, quiet):
    """Load report documents (files or folders) into the store.

    One transaction per document; loading the same documents again changes
    nothing, and a changed document replaces its older version. Documents are
    parsed DISCLOSURE_LOAD_WORKERS at a time (default: one more than the cores) and written
    in order. Exits with status 1 when any document failed.
    """
    if dry_run:
        sys.exit(_dry_run(paths, with_text))
    from loaders.load import defer_indexes_mode, iter_documents, load_paths, load_workers
    from loaders.reading.decode import DocumentError

    try:
        load_workers()
        defer_indexes_mode()
    except DocumentError as exc:
        raise click.UsageError(str(exc)) from exc
    db = _open_store(database_url)
    documents = list(iter_documents(paths))
    show_bar = sys.stderr.isatty() and not quiet and len(documents) > 1
    failures = []

    def report(result):
        if result.status == "failed":
            failures.append(result)
        elif result.status == "skipped":
            if not quiet:
                click.echo(f"  skipped  {result.name}: {result.reason}", err=True)
        elif not quiet and not show_bar:
            click.echo(
                f"{result.status:>9}  {result.name}"
                + (
                    f"  ({result.sections} sections, {result.metrics} metrics)"
                    if result.status != "unchanged"
                    else ""
                )
            )

    if show_bar:
        with click.progressbar(
            length=len(documents),
            label="loading",
            file=sys.stderr,
            item_show_func=lambda r: r.name if r else "",
        ) as bar:

            def advance(result):
                report(result)
                bar.update(1, result)

            summary = load_paths(paths, progress=advance)
    else:
        summary = load_paths(paths, progress=report)
    db.close()
    for result in failures:
        click.echo(f"   failed  {getattr(result, 'path', result.name)}: {result.reason}", err=True)
    click.echo(summary.line())
    sys.exit(1 if failures else 0)


def _dry_run(paths, with_text):
    """Parse every document as `load` would, print the readable ones as JSON, name the others."""
    from loaders.load import LoadResult, iter_documents, parse_within_limits, read_path
    from loaders.reading.decode import DocumentError

    named = {str(Path(p)) for p in paths if not Path(p).is_dir()}
    documents, failed = [], 0
    for path in iter_documents(paths):
        data = read_path(path, named=str(path) in named)
        if isinstance(data, LoadResult):
            if data.status == "skipped":
                click.echo(f"  skipped  {data.name}: {data.reason}", err=True)
                continue
            reason = data.reason
        else:
            try:
                _, doc = parse_within_limits(data, path.name)
                documents.append(doc.to_dict(with_text=with_text))
                continue
            except DocumentError as exc:
                reason = str(exc)
            except Exception as exc:  # a parser bug in-process: named, the others still print
                reason = f"could not be parsed: {type(exc).__name__}: {exc}"
        click.echo(f"   failed  {path}: {reason}", err=True)
        failed += 1
    click.echo(
        json.dumps(
            documents[0] if len(documents) == 1 and not failed else documents,
            ensure_ascii=False,
            indent=2,
        )
    )
    return 1 if failed else 0


def _open_store(url):
    """Open the store with its schema, or stop with a usage error that names the database."""
    try:
        db = open_database(url)
        db.connect(reuse_if_open=True)
        ensure_schema(db)
    except Exception as exc:  # unreachable server, bad URL, unwritable path...
        raise click.UsageError(f"cannot open the database {_safe(url)}: {exc}") from exc
    return db


def _safe(url):
    """A database URL without its password, for messages."""
    url = database_url(url)
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        credentials, host = rest.rsplit("@", 1)
        return f"{scheme}://{credentials.split(':', 1)[0]}:***@{host}"
    return url


@main.command()
@DATABASE_OPTION
def initdb(database_url):
    """Create the schema, or migrate an existing database to this version."""
    _open_store(database_url).close()
    click.echo(f"schema ready in {_safe(database_url)}")


@main.command()
@click.option(
    "--held-out",
    "run",
    flag_value="held-out",
    help="Seed gold, then the held-out narrative reports (tests/fixtures/narrative_wild).",
)
@click.option(
    "--e2e",
    "run",
    flag_value="e2e",
    help="Only the whole held-out reports (tests/fixtures/e2e_wild): metadata, sections, "
    "table cells, identities and prose metrics.",
)
@click.option(
    "--tables",
    "run",
    flag_value="tables",
    help="Only the template table fixtures (template, template_wild, template_variants).",
)
@click.option(
    "--real",
    "run",
    flag_value="real",
    help="Only the real published reports (tests/fixtures/real/pingtan): metadata, sections, "
    "table cells, identities, statistics tables and prose numbers against hand-written expectations.",
)
@click.option("--brief", is_flag=True, help="With --e2e or --real: one line of figures per report.")
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="Seed gold (and --held-out) results as JSON instead of text.",
)
def evaluate(run, brief, as_json):
    """Measure extraction against the expected values (seed gold, template fixtures).

    Without options: the seed gold, then the template table fixtures. Exits
    with status 1 when a document misses its thresholds.
    """
    from loaders.evaluation import e2e, narrative, real, tables

    if run == "real":
        sys.exit(real.main(["--brief"] if brief else []))
    if run == "e2e":
        sys.exit(e2e.main(["--brief"] if brief else []))
    if run == "tables":
        sys.exit(tables.main([]))
    options = ["--json"] if as_json else []
    if run == "held-out":
        sys.exit(narrative.main([*options, "--held-out"]))
    code = narrative.main(options)
    click.echo()
    sys.exit(tables.main([]) or code)


@main.command()
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--at",
    "at",
    type=click.IntRange(min=0),
    default=None,
    help="Offset into the document's text (as in a metric's start/end): the number there.",
)
@click.option(
    "--label",
    default=None,
    help="A metric label: every metric labelled so (or, if none, whose label contains it).",
)
def explain(path, at, label):
    """Explain one number: the rules that read its token, label, unit, parent, section and table cell.

    Give --at OFFSET or --label TEXT. A number that is no metric is named with
    the rule that dropped it.
    """
    from loaders.explain import ExplainError
    from loaders.explain import explain as explain_number
    from loaders.pipeline import parse_bytes
    from loaders.reading.decode import DocumentError

    if (at is None) == (label is None):
        raise click.UsageError("give either --at OFFSET or --label TEXT")
    try:
        doc = parse_bytes(path.read_bytes(), path.name)
        lines = explain_number(doc, at=at, label=label)
    except (DocumentError, ExplainError) as exc:
        raise click.ClickException(f"{path}: {exc}") from exc
    click.echo("\n".join(lines))


@main.command()
@DATABASE_OPTION
@click.option("--region", help="Only agencies in this province, city or county (江苏省).")
@click.option(
    "--level",
    type=click.Choice(["national", "provincial", "municipal", "county", "township"]),
    help="Only agencies of this level.",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON lines instead of a table.")
def agencies(database_url, region, level, as_json):
    """List the agencies of the store with their region, level, code and merged spellings.

    One line per agency: canonical name, level and kind, division code, region,
    number of reports, and the other spellings met in reports that the agency
    register (store/data/agency_aliases.txt) merged into it.
    """
    import json

    from api.queries import agency_aliases, agency_query

    db = _open_store(database_url)
    rows = list(agency_query({"region": region, "level": level}))
    aliases = agency_aliases([row["id"] for row in rows])
    for row in rows:
        place = "/".join(p for p in (row["province"], row["city"], row["county"]) if p)
        if as_json:
            click.echo(json.dumps(dict(row, aliases=aliases[row["id"]]), ensure_ascii=False))
            continue
        merged = aliases[row["id"]]
        click.echo(
            f"{row['name']}  [{row['level'] or '?'}{'/' + row['kind'] if row['kind'] else ''}]"
            f"  {row['division_code'] or '-'}  {place or '-'}  {row['report_count']} report(s)"
            + (f"  merged: {', '.join(merged)}" if merged else "")
        )
    if not as_json:
        merged = sum(len(names) for names in aliases.values())
        click.echo(f"agencies: {len(rows)}; spellings merged: {merged}")
    db.close()


@main.command()
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path),
    default=Path("openapi.yaml"),
    show_default=True,
    help="Where to write the spec.",
)
@click.option(
    "--check",
    is_flag=True,
    help="Do not write; exit 1 when the file differs from what the app generates.",
)
def openapi(output, check):
    """Write the OpenAPI spec generated from the app (openapi.yaml)."""
    from api.spec import render_openapi_yaml

    rendered = render_openapi_yaml()
    if check:
        current = output.read_text(encoding="utf-8") if output.exists() else ""
        if current != rendered:
            raise click.ClickException(f"{output} is stale: run `disclosure openapi`")
        click.echo(f"{output} is up to date")
        return
    output.write_text(rendered, encoding="utf-8")
    click.echo(f"wrote {output}")


if __name__ == "__main__":
    main()
