"""GET /search on the seeds (real loader), on SQLite and PostgreSQL: hits, offsets, filters, re-indexing."""

import json
import shutil

import pytest

from tests.conftest import SEEDS

REPORT_2011 = "质检总局2011年政府信息公开工作年度报告"


def search(client, **params):
    response = client.get("/api/v1/search", query_string=params)
    assert response.status_code == 200, response.get_json()
    return response.get_json(), json.loads(response.headers["X-Pagination"])


def heading(section):
    """Marker and title of a hit's section; "" for an untitled body section, None for none."""
    return section and (section["marker"] or "") + (section["title"] or "")


def report_text(client, report_id):
    return client.get(f"/api/v1/reports/{report_id}/text").get_json()["text"]


# (year, section marker + title or None, match_count, starts of the matches in the snippet)
EXPECTED = {
    # three characters: answered from the trigram index
    "依申请": [
        (2011, None, 1, [103]),
        (2011, "（二）优化制度措施，确保公开规范", 5, [940]),
        (2011, "三、依申请公开政府信息情况", 3, [3960, 3980]),
        (2011, "四、收费及减免情况", 1, [4544]),
        (
            2011,
            "（三）加强对依申请公开政府信息工作的督办催办，督促各承办司局按照相关规定办理，"
            "确保依申请公开政府信息工作按规定期限办结，不发生超期情况",
            2,
            [5235, 5270],
        ),
    ],
    # two characters: an exact scan
    "申请": [
        (2011, None, 2, [104, 137]),
        (2011, "（二）优化制度措施，确保公开规范", 5, [941]),
        (2011, "（三）抓载体创新，确保形式多样", 1, [2351]),
        (2011, "二、主动公开政府信息情况", 1, [3600]),
        (2011, "三、依申请公开政府信息情况", 8, [3961, 3981, 3999]),
        (2011, "（一）申请情况", 11, [4155, 4172, 4183, 4192, 4201, 4211]),
        (2011, "（二）答复情况", 13, [4336, 4379, 4390]),
        (2011, "四、收费及减免情况", 3, [4545, 4553, 4566]),
        (2011, "五、行政复议和行政诉讼情况", 3, [4600, 4652]),
        (
            2011,
            "（三）加强对依申请公开政府信息工作的督办催办，督促各承办司局按照相关规定办理，"
            "确保依申请公开政府信息工作按规定期限办结，不发生超期情况",
            2,
            [5236, 5271],
        ),
        (2011, "（十三）地理标志产品保护类公告49期、科技管理类信息53条", 1, [8323]),
    ],
    "质量管理信息": [
        (2011, "二、主动公开政府信息情况", 1, [3692]),
        (2011, "（一）质量管理信息718条", 1, [5521]),
        (2012, "", 1, [136]),  # the attachment-only report: one untitled body section
    ],
}


@pytest.mark.parametrize("q", list(EXPECTED))
def test_hits_sections_and_offsets(client, q):
    hits, meta = search(client, q=q, page_size=100)
    assert meta["total"] == len(EXPECTED[q])
    got = [
        (
            h["report"]["year"],
            heading(h["section"]),
            h["match_count"],
            [m["start"] for m in h["matches"]],
        )
        for h in hits
    ]
    assert got == EXPECTED[q]
    texts = {}
    for hit in hits:
        report_id = hit["report"]["id"]
        text = texts.setdefault(report_id, report_text(client, report_id))
        snippet = hit["snippet"]
        assert text[snippet["start"] : snippet["end"]] == snippet["text"]
        assert (
            hit["passage"]["start"] <= snippet["start"] <= snippet["end"] <= hit["passage"]["end"]
        )
        for match in hit["matches"]:
            assert text[match["start"] : match["end"]] == q
        for metric in hit["metrics"]:
            assert snippet["start"] <= metric["start"] < metric["end"] <= snippet["end"]


def test_hit_shape_with_its_metrics(client):
    hits, _ = search(client, q="质量管理信息", year=2011, page_size=1)
    hit = hits[0]
    assert hit["report"] == {
        "id": hit["report"]["id"],
        "agency": "质检总局",
        "year": 2011,
        "title": REPORT_2011,
    }
    assert hit["section"] == {
        "id": hit["section"]["id"],
        "marker": "二、",
        "title": "主动公开政府信息情况",
    }
    assert hit["snippet"]["start"] == 3632 and hit["snippet"]["end"] == 3758
    assert [(m["label"], m["value"], m["unit"], m["start"], m["end"]) for m in hit["metrics"]] == [
        ("司局子网站", 22, "个", 3653, 3656),
        ("主动公开信息目录", 571, "项", 3672, 3676),
        ("质量管理信息", 718, "条", 3698, 3702),
        ("计量管理信息", 323, "条", 3709, 3713),
        ("出入境检验检疫通关业务信息", 40, "条", 3727, 3730),
        ("出入境卫生检疫监管信息", 136, "条", 3742, 3746),
    ]


@pytest.mark.parametrize(
    ("params", "years"),
    [
        ({"q": "质量管理信息"}, [2011, 2011, 2012]),
        ({"q": "质量管理信息", "year": 2012}, [2012]),
        ({"q": "质量管理信息", "year_from": 2012}, [2012]),
        ({"q": "质量管理信息", "year_to": 2011}, [2011, 2011]),
        ({"q": "质量管理信息", "agency": "质检总局"}, [2011, 2011, 2012]),
        ({"q": "质量管理信息", "agency": "国家质量监督检验检疫总局"}, [2011, 2011, 2012]),
        ({"q": "质量管理信息", "agency": "教育部"}, []),
        ({"q": "质量管理信息", "level": "national"}, [2011, 2011, 2012]),
        ({"q": "质量管理信息", "level": "county"}, []),
        ({"q": "质量管理信息", "region": "江苏省"}, []),
        ({"q": "不在任何报告里的话"}, []),
        ({"q": "%_"}, []),  # no wildcards: literal characters
        ({"q": "%"}, [2011, 2011]),
        ({"q": "公"}, [2011] * 36 + [2012]),
    ],
)
def test_filters(client, params, years):
    hits, meta = search(client, page_size=100, **params)
    assert [h["report"]["year"] for h in hits] == years
    assert meta["total"] == len(years)


def test_pagination_and_csv(client):
    first, meta = search(client, q="申请", page_size=4)
    assert meta == {
        "total": 11,
        "total_pages": 3,
        "first_page": 1,
        "last_page": 3,
        "page": 1,
        "next_page": 2,
    }
    second, _ = search(client, q="申请", page_size=4, page=2)
    assert [h["matches"][0]["start"] for h in first + second] == [
        104,
        941,
        2351,
        3600,
        3961,
        4155,
        4336,
        4545,
    ]
    response = client.get("/api/v1/search", query_string={"q": "质量管理信息", "format": "csv"})
    assert response.status_code == 200 and response.mimetype == "text/csv"
    lines = response.get_data(as_text=True).splitlines()
    assert lines[0] == (
        "report_id,agency,year,title,section_id,section_title,match_count,"
        "snippet_start,snippet_end,snippet"
    )
    assert len([line for line in lines if line.split(",")[1:3] == ["质检总局", "2011"]]) == 2


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({}, "q"),
        ({"q": ""}, "q"),
        ({"q": "x" * 101}, "q"),
        ({"q": "公开", "qq": "1"}, "qq"),
        ({"q": "公开", "level": "city"}, "level"),
    ],
)
def test_bad_requests_are_422_naming_the_parameter(client, params, field):
    response = client.get("/api/v1/search", query_string=params)
    assert response.status_code == 422
    body = response.get_json()
    assert body["code"] == 422 and field in json.dumps(body["errors"])


def test_replacing_a_document_updates_the_index(store, tmp_path):
    """A changed file replaces its report: its old words are gone from search, its new ones found."""
    from api import create_app
    from loaders.load import load_paths

    folder = tmp_path / "docs"
    folder.mkdir()
    path = folder / "report.txt"
    path.write_text(
        "某局2020年政府信息公开工作年度报告\n一、概述\n本年度开展了樱桃园调研。\n", encoding="utf-8"
    )
    assert load_paths([path]).count("loaded") == 1
    client = create_app({"TESTING": True, "DATABASE_URL": store.url}).test_client()
    assert [h["match_count"] for h in search(client, q="樱桃园")[0]] == [1]
    path.write_text(
        "某局2020年政府信息公开工作年度报告\n一、概述\n本年度开展了葡萄园调研。\n", encoding="utf-8"
    )
    assert load_paths([path]).count("replaced") == 1
    assert search(client, q="樱桃园")[0] == []
    assert search(client, q="樱桃")[0] == []
    hits, _ = search(client, q="葡萄园")
    assert [(h["section"]["title"], h["matches"]) for h in hits] == [
        ("概述", [{"start": 31, "end": 34}])
    ]
    shutil.copy(SEEDS / "aqsiq-2011-annual-report.txt", folder)
    assert load_paths([folder]).count("loaded") == 1
    assert search(client, q="葡萄园")[1]["total"] == 1
    assert search(client, q="依申请")[1]["total"] == 5
