"""Fuzzing the reader: mutated seeds, hostile HTML and random bytes.

`parse_bytes` may refuse a document only with the named `DocumentError`;
`disclosure load` and `load --dry-run` name every bad file and never print a
traceback. Inputs stay small (the extraction rules' super-linear cases are
bounded by `loaders.limits`, and measured by benchmarks/adversarial.py).
"""

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loaders.cli import main as cli
from loaders.pipeline import parse_bytes
from loaders.reading.decode import DocumentError
from tests.conftest import SEEDS

SEED_TEXT = (SEEDS / "aqsiq-2011-annual-report.txt").read_text(encoding="utf-8")
# Pieces of reports and of markup a mutation splices in (vocabulary of the fragments).
FRAGMENTS = [
    "共1件，",
    "其中1件，",
    "合计1件（",
    "申请1件、",
    "十万",
    "一百二十三万",
    "12.5%",
    "约300余条",
    "（一）",
    "一、",
    "| 1 | 2 |",
    "\n",
    "\r\n",
    "\t",
    "\u3000",
    "。",
    "：",
    "9" * 30,
    "-1",
    "1e309",
    "<table>",
    "</table>",
    "<tr>",
    "<td colspan=1000 rowspan=65534>",
    "<td rowspan=0>",
    "</td>",
    "<div>",
    "<![",
    "<![CDATA[",
    "]]>",
    "<!--",
    "-->",
    "<script>",
    "<p>",
    "&#x0;",
    "&#99999999;",
    "\ufeff",
    "\x00",
    "\ud800".encode("utf-8", "surrogatepass").decode("utf-8", "replace"),
]
SETTINGS = settings(
    max_examples=200, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)


def parse_or_named_refusal(data, name):
    try:
        doc = parse_bytes(data, name)
    except DocumentError as exc:
        assert str(exc)
        return None
    for metric in doc.metrics:
        assert 0 <= metric.start <= metric.end <= len(doc.text)
    return doc


@st.composite
def mutated_seed(draw):
    start = draw(st.integers(0, len(SEED_TEXT) - 1))
    text = SEED_TEXT[start : start + draw(st.integers(0, 1200))]
    for _ in range(draw(st.integers(0, 8))):
        at = draw(st.integers(0, len(text)))
        piece = draw(st.sampled_from(FRAGMENTS)) * draw(st.integers(1, 20))
        cut = draw(st.integers(0, 20))
        text = text[:at] + piece + text[at + cut :]
    encoding = draw(st.sampled_from(["utf-8", "gb18030", "utf-16", "utf-8-sig"]))
    return text.encode(encoding, "replace")


@SETTINGS
@given(mutated_seed(), st.sampled_from(["r.txt", "r.html", "r"]))
def test_mutated_seeds_parse_or_are_refused_by_name(data, name):
    parse_or_named_refusal(data, name)


TAGS = [
    "div",
    "p",
    "span",
    "table",
    "tr",
    "td",
    "th",
    "tbody",
    "br",
    "li",
    "ul",
    "nav",
    "script",
    "caption",
    "header",
    "footer",
    "article",
    "body",
    "html",
]


@st.composite
def hostile_html(draw):
    parts = []
    for _ in range(draw(st.integers(1, 40))):
        kind = draw(st.integers(0, 3))
        tag = draw(st.sampled_from(TAGS))
        if kind == 0:
            attrs = draw(
                st.sampled_from(
                    [
                        "",
                        " colspan=999999",
                        " rowspan=70000",
                        " colspan=-3",
                        " rowspan=x",
                        " class=nav",
                        ' colspan="2"',
                    ]
                )
            )
            parts.append(f"<{tag}{attrs}>" * draw(st.integers(1, 300)))
        elif kind == 1:
            parts.append(f"</{tag}>")
        elif kind == 2:
            parts.append(draw(st.sampled_from(FRAGMENTS)))
        else:
            parts.append(draw(st.text(max_size=30)))
    return "".join(parts).encode("utf-8", "replace")


@SETTINGS
@given(hostile_html())
def test_hostile_html_is_read_or_refused_by_name(data):
    parse_or_named_refusal(data, "page.html")


@SETTINGS
@given(st.binary(max_size=2000))
def test_random_bytes_are_read_or_refused_by_name(data):
    parse_or_named_refusal(data, "blob.txt")


HOSTILE_FILES = {
    "span-bomb.html": (
        "<table>" + "<tr><td colspan=1000 rowspan=65534>申请1件</td></tr>" * 300 + "</table>"
    ).encode(),
    "divs.html": ("<div>" * 10000 + "受理申请5件" + "</div>" * 10000).encode(),
    "marked.html": "<p>受理申请5件<![if !supportLists]></p><![".encode(),
    "digits.txt": ("主动公开" + "9" * 400 + "条").encode(),
    "binary.txt": bytes(range(256)) * 4,
    "empty.txt": b"",
    "good.txt": (SEEDS / "aqsiq-2012-subsites-disclosure.txt").read_bytes(),
}


@pytest.mark.parametrize("dry_run", [False, True], ids=["load", "dry-run"])
def test_load_and_dry_run_never_print_a_traceback(tmp_path, dry_run):
    folder = tmp_path / "hostile"
    folder.mkdir()
    for name, data in HOSTILE_FILES.items():
        (folder / name).write_bytes(data)
    args = ["load", str(folder), "--database-url", f"sqlite:///{tmp_path / 'db.sqlite'}"]
    result = CliRunner().invoke(cli, args + (["--dry-run"] if dry_run else []))
    # CliRunner keeps an escaped exception in result.exception: only sys.exit(1) may be there.
    assert isinstance(result.exception, SystemExit), result.exc_info
    assert "Traceback" not in result.output
    assert result.exit_code == 1
    failed = {
        line.split("  ", 2)[-1].split(":")[0].rsplit("/", 1)[-1]
        for line in result.output.splitlines()
        if line.strip().startswith("failed")
    }
    assert failed == {"span-bomb.html", "binary.txt", "empty.txt"}
