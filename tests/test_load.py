"""Loading documents into the store: idempotence, replacement, bad files, encodings, the CLI."""

import json
import os
import shutil
import signal
import time

import pytest
from click.testing import CliRunner

from loaders import pipeline
from loaders.cli import main as cli
from loaders.load import load_bytes, load_paths, load_workers
from loaders.pipeline import parse_bytes
from loaders.reading.decode import DocumentError
from store.models import Agency, Check, Metric, Report, ReportSource, Section
from tests.conftest import SEEDS

SEED_2011 = SEEDS / "aqsiq-2011-annual-report.txt"
SEED_2012 = SEEDS / "aqsiq-2012-subsites-disclosure.txt"
DOCUMENTS = SEEDS.parent / "tests" / "fixtures" / "documents"


def counts():
    return {
        model.__name__: model.select().count() for model in (Agency, Report, Section, Metric, Check)
    }


def test_seeds_load_and_every_metric_keeps_its_span(store):
    summary = load_paths([SEEDS])
    assert [r.status for r in summary.results] == ["loaded", "loaded"], [
        (r.path, r.reason) for r in summary.results
    ]
    for report in Report.select():
        for metric in report.metrics:
            assert 0 <= metric.start < metric.end <= len(report.text) or metric.value is None
            assert report.text[metric.start : metric.end] == metric.raw


def test_loading_twice_changes_nothing(store):
    load_paths([SEEDS])
    before = counts()
    ids = [r.id for r in Report.select().order_by(Report.id)]
    summary = load_paths([SEEDS])
    assert [r.status for r in summary.results] == ["unchanged", "unchanged"]
    assert counts() == before
    assert [r.id for r in Report.select().order_by(Report.id)] == ids


def test_a_changed_document_replaces_its_old_version(store):
    original = SEED_2011.read_bytes()
    assert load_bytes(original, "report.txt").status == "loaded"
    old = Report.get(Report.source_name == "report.txt")
    changed = original.replace("质量管理信息718条".encode(), "质量管理信息719条".encode())
    result = load_bytes(changed, "report.txt")
    assert result.status == "replaced"
    assert Report.select().count() == 1
    new = Report.get(Report.source_name == "report.txt")
    assert new.sha256 != old.sha256
    assert new.id != old.id, "ids are never handed out twice"
    assert "质量管理信息719条" in new.text
    assert Metric.select().where(Metric.report == old.id).count() == 0
    assert Section.select().where(Section.report == old.id).count() == 0
    assert Metric.select().where(Metric.report == new.id).count() == new.metric_count


def test_a_failed_replacement_keeps_the_old_version(store):
    load_bytes(SEED_2012.read_bytes(), "doc.txt")
    before = counts()
    assert load_bytes(b"\x00\x01\x02 not text", "doc.txt").status == "failed"
    assert counts() == before


@pytest.fixture
def mixed_folder(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    shutil.copy(SEED_2011, folder / "a-good.txt")
    shutil.copy(SEED_2012, folder / "b-good.txt")
    (folder / "c-empty.txt").write_bytes(b"")
    (folder / "d-binary.txt").write_bytes(bytes(range(256)) * 8)
    (folder / "e-corrupt.txt").write_bytes("质检总局2012年报告".encode()[:-1] + b"\xff\xfe\xfa" * 4)
    (folder / "f-report.pdf").write_bytes(b"%PDF-1.7\n" + bytes(range(256)))
    (folder / "g-notes.py").write_bytes(b"print('not a report')\n")
    (folder / ".hidden.txt").write_bytes(b"ignored")
    return folder


def test_bad_files_are_named_and_the_good_ones_load(store, mixed_folder):
    summary = load_paths([mixed_folder])
    statuses = {r.name: r.status for r in summary.results}
    assert statuses == {
        "a-good.txt": "loaded",
        "b-good.txt": "loaded",
        "c-empty.txt": "failed",
        "d-binary.txt": "failed",
        "e-corrupt.txt": "failed",
        "f-report.pdf": "failed",
        "g-notes.py": "skipped",
    }
    reasons = {r.name: r.reason for r in summary.results}
    assert "empty" in reasons["c-empty.txt"]
    assert "binary" in reasons["d-binary.txt"]
    assert "GB18030" in reasons["e-corrupt.txt"]
    assert "an unreadable PDF" in reasons["f-report.pdf"]
    assert "not a report document (.py)" in reasons["g-notes.py"]
    assert Report.select().count() == 2


def test_cli_load_names_failures_and_exits_non_zero(store, mixed_folder):
    result = CliRunner().invoke(cli, ["load", str(mixed_folder), "--database-url", store.url])
    assert result.exit_code == 1
    assert "c-empty.txt: empty document" in result.output
    assert "d-binary.txt" in result.output and "e-corrupt.txt" in result.output
    assert "f-report.pdf" in result.output and "skipped  g-notes.py" in result.output
    assert "2 loaded, 0 replaced, 0 unchanged, 1 skipped, 4 failed" in result.output
    again = CliRunner().invoke(
        cli, ["load", str(mixed_folder / "a-good.txt"), "--database-url", store.url]
    )
    assert again.exit_code == 0
    assert "0 loaded, 0 replaced, 1 unchanged, 0 failed" in again.output


def test_a_file_named_explicitly_is_tried_whatever_its_suffix(store, tmp_path):
    named = tmp_path / "report.data"
    named.write_bytes(SEED_2012.read_bytes())
    assert [r.status for r in load_paths([named]).results] == ["loaded"]


def test_a_pdf_is_recognised_by_its_content(store, tmp_path):
    disguised = tmp_path / "report.txt"
    disguised.write_bytes((DOCUMENTS / "aqsiq-2012-subsites-disclosure.pdf").read_bytes())
    [result] = load_paths([disguised]).results
    assert result.status == "loaded"
    assert Report.get_by_id(result.report_id).media_type == "application/pdf"


def test_cli_load_of_a_missing_path_fails_by_name(store):
    result = CliRunner().invoke(
        cli, ["load", "/nonexistent/report.txt", "--database-url", store.url]
    )
    assert result.exit_code == 1
    assert "no such file: /nonexistent/report.txt" in result.output


def test_cli_load_with_an_unusable_database_is_a_usage_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = CliRunner().invoke(
        cli, ["load", str(SEED_2012), "--database-url", f"sqlite:///{blocker}/sub/db.sqlite"]
    )
    assert result.exit_code == 2
    assert "cannot open the database" in result.output


@pytest.mark.parametrize("encoding", ["gb18030", "gbk", "utf-8-sig"])
def test_other_encodings_load_to_the_same_metrics(store, encoding):
    text = SEED_2011.read_text(encoding="utf-8")
    reference = parse_bytes(text.encode("utf-8"), "seed.txt")
    other = parse_bytes(text.encode(encoding), "seed.txt")
    assert other.text == reference.text
    assert other.metrics == reference.metrics
    result = load_bytes(text.encode(encoding), f"seed-{encoding}.txt")
    assert result.status == "loaded"
    report = Report.get(Report.id == result.report_id)
    assert report.encoding == ("utf-8-sig" if encoding == "utf-8-sig" else "gb18030")
    assert report.text == reference.text


def test_crlf_line_endings_become_newlines():
    text = SEED_2012.read_text(encoding="utf-8").replace("\n", "\r\n")
    assert "\r" not in parse_bytes(text.encode("utf-8"), "x.txt").text


def test_dry_run_prints_the_extraction_without_touching_the_database(tmp_path):
    url = f"sqlite:///{tmp_path / 'never.db'}"
    result = CliRunner().invoke(cli, ["load", "--dry-run", str(SEED_2012), "--database-url", url])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["name"] == SEED_2012.name
    assert {"report", "sections", "metrics", "checks"} <= set(data)
    assert not (tmp_path / "never.db").exists()


def test_a_folder_of_pdf_word_and_legacy_encoded_reports_loads_and_names_the_rest(store, tmp_path):
    folder = tmp_path / "downloaded"
    folder.mkdir()
    for name in (
        "aqsiq-2011-annual-report.pdf",
        "aqsiq-2012-subsites-disclosure.docx",
        "scanned-report.pdf",
        "legacy-report.doc",
    ):
        shutil.copy(DOCUMENTS / name, folder / name)
    traditional = "平潭綜合實驗區2020年政府信息公開工作年度報告\n全年主動公開政府信息1526條。\n"
    (folder / "big5.txt").write_bytes(traditional.encode("big5"))
    (folder / "utf16.txt").write_bytes(
        "某县2019年政府信息公开工作年度报告\n受理申请12件。\n".encode("utf-16-le")
    )
    (folder / "garbage.txt").write_bytes("Отчёт о работе за год".encode("cp1251") * 20)
    summary = load_paths([folder])
    statuses = {r.name: r.status for r in summary.results}
    assert statuses == {
        "aqsiq-2011-annual-report.pdf": "loaded",
        "aqsiq-2012-subsites-disclosure.docx": "loaded",
        "big5.txt": "loaded",
        "utf16.txt": "loaded",
        "scanned-report.pdf": "failed",
        "legacy-report.doc": "failed",
        "garbage.txt": "failed",
    }
    reasons = {r.name: r.reason for r in summary.results if r.status == "failed"}
    assert (
        reasons["scanned-report.pdf"]
        == "a PDF with no text layer (a scan): run OCR on it and load the text"
    )
    assert reasons["legacy-report.doc"] == (
        "a legacy Word .doc/.wps (OLE2) document: save it as .docx or PDF and load that"
    )
    # The detector names the single-byte code page it tried (cp1251, cp874 …, by its version).
    assert reasons["garbage.txt"].startswith(
        "not UTF-8, GB18030 or Big5, and undecodable: decodes as cp"
    )
    assert reasons["garbage.txt"].endswith(" only to characters that are not Chinese text")
    # Found in the folder given: each source is the folder's name and the path below it.
    stored = {
        r.source_name.removeprefix("downloaded/"): (r.media_type, r.encoding, None)
        for r in Report.select()
    }
    assert {name: media for name, (media, _e, _c) in stored.items()} == {
        "aqsiq-2011-annual-report.pdf": "application/pdf",
        "aqsiq-2012-subsites-disclosure.docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "big5.txt": "text/plain",
        "utf16.txt": "text/plain",
    }
    assert {name: enc for name, (_m, enc, _c) in stored.items()} == {
        "aqsiq-2011-annual-report.pdf": "pdf",
        "aqsiq-2012-subsites-disclosure.docx": "docx",
        "big5.txt": "big5",
        "utf16.txt": "utf-16-le",
    }
    big5 = Report.get(Report.source_name == "downloaded/big5.txt")
    assert [(m.value, m.unit) for m in Metric.select().where(Metric.report == big5)] == [
        (1526, "条")
    ]


# --------------------------------------------------------------------------- identity by source


def sources_of(report_id):
    return [
        s.source
        for s in ReportSource.select()
        .where(ReportSource.report == report_id)
        .order_by(ReportSource.id)
    ]


def test_two_documents_with_the_same_file_name_are_two_reports(store, tmp_path):
    (tmp_path / "na").mkdir()
    (tmp_path / "nb").mkdir()
    shutil.copy(SEED_2011, tmp_path / "na" / "report.txt")
    shutil.copy(SEED_2012, tmp_path / "nb" / "report.txt")
    first = load_paths([tmp_path / "na" / "report.txt"])
    second = load_paths([tmp_path / "nb" / "report.txt"])
    assert [r.status for r in first.results + second.results] == ["loaded", "loaded"]
    assert Report.select().count() == 2
    assert sorted(s.source for s in ReportSource.select()) == [
        str(tmp_path / "na" / "report.txt"),
        str(tmp_path / "nb" / "report.txt"),
    ]
    # The same within one folder loaded: paths below it differ.
    again = load_paths([tmp_path])
    assert [r.status for r in again.results] == ["unchanged", "unchanged"]
    assert Report.select().count() == 2


def test_two_folders_with_the_same_layout_keep_their_reports_apart(store, tmp_path):
    for year, seed in (("2022", SEED_2011), ("2023", SEED_2012)):
        (tmp_path / year).mkdir()
        shutil.copy(seed, tmp_path / year / "index.html.txt")
    statuses = [
        r.status
        for r in load_paths([tmp_path / "2022"]).results + load_paths([tmp_path / "2023"]).results
    ]
    assert statuses == ["loaded", "loaded"]
    assert sorted(s.source for s in ReportSource.select()) == [
        "2022/index.html.txt",
        "2023/index.html.txt",
    ]


def test_the_same_bytes_from_two_sources_are_one_report_with_both(store):
    data = SEED_2012.read_bytes()
    first = load_bytes(data, "a/report.txt")
    second = load_bytes(data, "b/copy.txt")
    assert (first.status, second.status) == ("loaded", "unchanged")
    assert second.report_id == first.report_id
    assert sources_of(first.report_id) == ["a/report.txt", "b/copy.txt"]
    assert load_bytes(data, "b/copy.txt").status == "unchanged"
    assert ReportSource.select().count() == 2


def test_replacing_follows_the_source(store):
    data = SEED_2011.read_bytes()
    shared = load_bytes(data, "a/report.txt")
    load_bytes(data, "b/report.txt")
    changed = data.replace("质量管理信息718条".encode(), "质量管理信息719条".encode())
    result = load_bytes(changed, "b/report.txt")
    assert result.status == "replaced"
    # a/report.txt still has its report; b/report.txt has the new one.
    assert sources_of(shared.report_id) == ["a/report.txt"]
    assert sources_of(result.report_id) == ["b/report.txt"]
    assert Report.select().count() == 2
    # The last source of a report replaced: the old report goes.
    assert load_bytes(changed.replace(b"719", b"720"), "a/report.txt").status == "replaced"
    assert Report.get_or_none(Report.id == shared.report_id) is None
    assert Report.select().count() == 2


def test_a_page_naming_its_original_url_is_known_by_it(store):
    page = (
        "平潭综合实验区2013年政府信息公开工作年度报告\n"
        "原文链接: https://www.pingtan.gov.cn/zwgk/t20140324_80759.htm\n"
        "主动公开政府信息718条。\n"
    )
    first = load_bytes(page.encode(), "archive-1/index.txt")
    moved = load_bytes(page.replace("718", "719").encode(), "archive-2/saved.txt")
    assert (first.status, moved.status) == ("loaded", "replaced")
    assert sources_of(moved.report_id) == ["https://www.pingtan.gov.cn/zwgk/t20140324_80759.htm"]
    assert Report.get(Report.id == moved.report_id).source_name == "archive-2/saved.txt"
    assert Report.select().count() == 1


def test_a_number_beyond_exact_storage_is_no_metric_and_is_named(store):
    text = (
        "某局2020年政府信息公开工作年度报告\n主动公开政府信息" + "9" * 400 + "条，受理申请12件。\n"
    )
    result = load_bytes(text.encode(), "huge-number.txt")
    assert result.status == "loaded"
    report = Report.get(Report.id == result.report_id)
    values = [m.value for m in Metric.select().where(Metric.report == report)]
    assert values == [12.0]
    [warning] = [w for w in json.loads(report.warnings) if "too large" in w]
    assert warning.startswith("number too large to store exactly, not a metric: '9999")


# --------------------------------------------------------------------------- parsing ahead

TABLES = [
    "agency",
    "agency_alias",
    "report",
    "report_source",
    "section",
    "metric",
    "check",
    "search_passage",
]
ORIGINAL = "原文链接: https://www.example.gov.cn/zwgk/2021/report.htm\n"


@pytest.fixture
def varied_folder(tmp_path):
    """Documents that exercise every write path: new, same bytes twice, one source replaced
    within the load (both name one original URL), a template report, a refused file."""
    folder = tmp_path / "varied"
    folder.mkdir()
    shutil.copy(SEED_2011, folder / "a-2011.txt")
    shutil.copy(SEED_2011, folder / "b-same-bytes.txt")
    shutil.copy(SEED_2012, folder / "c-2012.txt")
    text = SEED_2012.read_text()
    (folder / "d-original.txt").write_text(ORIGINAL + text.replace("2012", "2021"))
    (folder / "e-original-changed.txt").write_text(ORIGINAL + text.replace("2012", "2022"))
    shutil.copy(DOCUMENTS / "2020_pingtan_zone.txt", folder / "f-template.txt")
    shutil.copy(DOCUMENTS / "2020_pingtan_zone.docx", folder / "g-template.docx")
    shutil.copy(DOCUMENTS / "legacy-report.doc", folder / "h-legacy.doc")
    (folder / "i-empty.txt").write_bytes(b"")
    return folder


def load_and_dump(backend, label, folder, workers, tables=TABLES):
    """Load `folder` into a fresh store with `workers`; (results, every row of `tables`)."""
    from store.db import ensure_schema, open_database
    from store.models import database

    db = open_database(backend.fresh_url(label))
    db.connect(reuse_if_open=True)
    try:
        ensure_schema(db)
        summary = load_paths([folder], workers=workers)
        results = [
            (r.name, r.status, r.reason, r.report_id, r.sections, r.metrics)
            for r in summary.results
        ]
        rows = {}
        for table in tables:
            cursor = database.execute_sql(f'SELECT * FROM "{table}" ORDER BY id')
            names = [c[0] for c in cursor.description]
            rows[table] = [
                tuple(v for n, v in zip(names, row, strict=True) if n != "loaded_at")
                for row in cursor.fetchall()
            ]
    finally:
        db.close()
    return results, rows


def test_parsing_ahead_stores_exactly_what_a_serial_load_stores(backend, varied_folder):
    serial_results, serial_rows = load_and_dump(backend, "serial", varied_folder, workers=1)
    ahead_results, ahead_rows = load_and_dump(backend, "ahead", varied_folder, workers=3)
    assert [(name, status) for name, status, *_ in serial_results] == [
        ("a-2011.txt", "loaded"),
        ("b-same-bytes.txt", "unchanged"),
        ("c-2012.txt", "loaded"),
        ("d-original.txt", "loaded"),
        ("e-original-changed.txt", "replaced"),
        ("f-template.txt", "loaded"),
        ("g-template.docx", "loaded"),
        ("h-legacy.doc", "failed"),
        ("i-empty.txt", "failed"),
    ]
    assert ahead_results == serial_results
    assert {t: len(r) for t, r in ahead_rows.items()} == {t: len(r) for t, r in serial_rows.items()}
    for table in TABLES:
        assert ahead_rows[table] == serial_rows[table], table
    assert len(serial_rows["metric"]) > 500
    # Parents were written with their parts: a part points at a metric of its report.
    parents = [row for row in serial_rows["metric"] if row[3] is not None]
    assert parents


MEET = {}


def meeting_rule(doc):
    """Documents named meet-*: each waits (up to 8 s) until every other one has started parsing."""
    if not doc.name.startswith("meet-"):
        return
    folder = MEET["folder"]
    (folder / f"started-{doc.name}").touch()
    deadline = time.monotonic() + 8
    while len(list(folder.glob("started-*"))) < MEET["count"]:
        if time.monotonic() > deadline:
            raise DocumentError("parsed alone: no other document was being parsed")
        time.sleep(0.05)


def crashing_rule(doc):
    """Documents named crash-* kill their parse; slow-* outlast the budget."""
    if doc.name.startswith("crash-"):
        os.kill(os.getpid(), signal.SIGKILL)
    if doc.name.startswith("slow-"):
        time.sleep(30)


@pytest.fixture
def with_rule(monkeypatch):
    def install(rule):
        monkeypatch.setattr(pipeline, "RULES", [("test", rule)] + pipeline.RULES)

    return install


def test_documents_are_parsed_at_the_same_time(store, tmp_path, with_rule):
    with_rule(meeting_rule)
    MEET.update(folder=tmp_path, count=3)
    folder = tmp_path / "docs"
    folder.mkdir()
    text = SEED_2012.read_text()
    for year in (2013, 2014, 2015):
        (folder / f"meet-{year}.txt").write_text(text.replace("2012", str(year)))
    summary = load_paths([folder], workers=3)
    assert [(r.name, r.status, r.reason) for r in summary.results] == [
        ("meet-2013.txt", "loaded", ""),
        ("meet-2014.txt", "loaded", ""),
        ("meet-2015.txt", "loaded", ""),
    ]


def test_one_at_a_time_a_document_parses_alone(store, tmp_path, with_rule):
    with_rule(meeting_rule)
    MEET.update(folder=tmp_path, count=2)
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "meet-2013.txt").write_text(SEED_2012.read_text().replace("2012", "2013"))
    (folder / "meet-2014.txt").write_text(SEED_2012.read_text().replace("2012", "2014"))
    summary = load_paths([folder], workers=1)
    assert [(r.name, r.status, r.reason) for r in summary.results] == [
        ("meet-2013.txt", "failed", "parsed alone: no other document was being parsed"),
        ("meet-2014.txt", "loaded", ""),
    ]


AHEAD_ORDER = {
    # One worker, two documents ahead: after each collect, the window is topped up to two.
    (1, 2, 6): "parse a, parse b, parse c, write a, parse d, write b, parse e, write c, "
    "parse f, write d, write e, write f",
    # Two workers, four ahead.
    (2, 2, 6): "parse a, parse b, parse c, parse d, parse e, write a, parse f, write b, "
    "write c, write d, write e, write f",
    # The byte bound allows no more than one document per worker ahead.
    (2, 0, 4): "parse a, parse b, parse c, write a, parse d, write b, write c, write d",
}


@pytest.mark.parametrize(("workers", "megabytes", "count"), list(AHEAD_ORDER))
def test_documents_are_queued_for_a_parse_ahead_of_each_write(
    store, tmp_path, monkeypatch, workers, megabytes, count
):
    """`limits.DOCUMENTS_AHEAD` documents per worker are read and queued before the oldest is
    written (within `limits.BYTES_AHEAD`, beyond one per worker), topped up after each collect."""
    from loaders import limits
    from loaders import load as load_module

    events = []
    submit, finish = limits.ParsePool.submit, load_module._finish

    def recording_submit(pool, data, name, *identity):
        events.append(f"parse {name[0]}")
        return submit(pool, data, name, *identity)

    def recording_finish(pending):
        events.append(f"write {pending.name[0]}")
        return finish(pending)

    monkeypatch.setattr(limits.ParsePool, "submit", recording_submit)
    monkeypatch.setattr(load_module, "_finish", recording_finish)
    monkeypatch.setattr(limits, "DOCUMENTS_AHEAD", 2)
    monkeypatch.setattr(limits, "BYTES_AHEAD", megabytes * 1024 * 1024)
    folder = tmp_path / "docs"
    folder.mkdir()
    for number, name in enumerate("abcdef"[:count]):
        (folder / f"{name}.txt").write_text(
            SEED_2012.read_text().replace("2012", str(2013 + number))
        )
    summary = load_paths([folder], workers=workers)
    assert [r.status for r in summary.results] == ["loaded"] * count
    assert ", ".join(events) == AHEAD_ORDER[(workers, megabytes, count)]


def test_a_document_whose_twin_is_queued_ahead_is_not_parsed_again(store, tmp_path, monkeypatch):
    from loaders import limits

    names = []
    submit = limits.ParsePool.submit

    def recording_submit(pool, data, name, *identity):
        names.append(name)
        return submit(pool, data, name, *identity)

    monkeypatch.setattr(limits.ParsePool, "submit", recording_submit)
    folder = tmp_path / "docs"
    folder.mkdir()
    for name in ("a.txt", "b.txt"):
        (folder / name).write_bytes(SEED_2012.read_bytes())
    summary = load_paths([folder], workers=2)
    assert names == ["a.txt"]
    assert [(r.name, r.status, r.reason) for r in summary.results] == [
        ("a.txt", "loaded", ""),
        ("b.txt", "unchanged", "same content as another source: source recorded"),
    ]


def niceness_rule(doc):
    """Documents named nice-* fail with the CPU niceness of the process parsing them."""
    if doc.name.startswith("nice-"):
        raise DocumentError(f"niceness {os.nice(0)}")


def test_parse_workers_run_below_the_writers_priority(store, tmp_path, with_rule):
    from loaders.limits import WORKER_NICENESS

    with_rule(niceness_rule)
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "nice-2013.txt").write_text(SEED_2012.read_text())
    summary = load_paths([folder], workers=2)
    expected = min(19, os.nice(0) + WORKER_NICENESS)
    assert [(r.status, r.reason) for r in summary.results] == [("failed", f"niceness {expected}")]


def test_a_crash_or_timeout_while_parsing_ahead_is_named_and_the_others_load(
    store, tmp_path, monkeypatch, with_rule
):
    with_rule(crashing_rule)
    monkeypatch.setenv("DISCLOSURE_PARSE_SECONDS", "2")
    folder = tmp_path / "docs"
    folder.mkdir()
    text = SEED_2012.read_text()
    for number, name in enumerate(["a-good", "crash-b", "slow-c", "d-good", "crash-e"]):
        (folder / f"{name}.txt").write_text(text.replace("2012", str(2013 + number)))
    summary = load_paths([folder], workers=3)
    crashed = "the parse stopped (exit code -9): out of memory or a crash"
    assert [(r.name, r.status, r.reason) for r in summary.results] == [
        ("a-good.txt", "loaded", ""),
        ("crash-b.txt", "failed", crashed),
        ("crash-e.txt", "failed", crashed),
        ("d-good.txt", "loaded", ""),
        ("slow-c.txt", "failed", "took longer than 2 s to parse (DISCLOSURE_PARSE_SECONDS)"),
    ]
    assert sorted(r.year for r in Report.select()) == [2013, 2016]


@pytest.mark.parametrize(("raw", "expected"), [("1", 1), ("4", 4), (" 2 ", 2)])
def test_load_workers_from_the_environment(monkeypatch, raw, expected):
    monkeypatch.setenv("DISCLOSURE_LOAD_WORKERS", raw)
    assert load_workers() == expected


@pytest.mark.parametrize(("cores", "expected"), [(1, 2), (2, 3), (8, 9), (None, 2)])
def test_load_workers_default_to_one_more_than_the_cores(monkeypatch, cores, expected):
    monkeypatch.delenv("DISCLOSURE_LOAD_WORKERS", raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: cores)
    assert load_workers() == expected


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("lots", "DISCLOSURE_LOAD_WORKERS='lots' is not a whole number"),
        ("0", "DISCLOSURE_LOAD_WORKERS='0': at least 1 is needed"),
    ],
)
def test_a_bad_worker_count_is_a_usage_error(store, monkeypatch, raw, message):
    monkeypatch.setenv("DISCLOSURE_LOAD_WORKERS", raw)
    result = CliRunner().invoke(cli, ["load", str(SEED_2011), "--database-url", store.url])
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("fail", [False, True], ids=["loaded", "interrupted"])
def test_a_load_sets_its_sqlite_pragmas_and_gives_the_connection_its_own_back(backend, store, fail):
    """During `load_paths` the writer has a bigger page cache and checkpoints only as a backstop
    (loaders.load.SQLITE_LOAD_PRAGMAS); after it, even when interrupted, it has its own again."""
    from loaders.load import SQLITE_LOAD_PRAGMAS

    if backend.name != "sqlite":
        pytest.skip("SQLite pragmas")

    def pragmas():
        return {
            name: store.execute_sql(f"PRAGMA {name}").fetchone()[0] for name in SQLITE_LOAD_PRAGMAS
        }

    before, during = pragmas(), []

    def progress(result):
        during.append(pragmas())
        if fail:
            raise KeyboardInterrupt

    assert before == {"cache_size": -2000, "wal_autocheckpoint": 1000}
    if fail:
        with pytest.raises(KeyboardInterrupt):
            load_paths([SEEDS], progress=progress)
    else:
        load_paths([SEEDS], progress=progress)
    assert during[0] == {"cache_size": -65536, "wal_autocheckpoint": 50000}
    assert pragmas() == before
    assert Report.select().count() == (1 if fail else 2)
