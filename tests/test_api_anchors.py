"""api.anchors: a deep numbered page seeks from a known row and serves exactly OFFSET's rows.

Through HTTP on both backends: every page of a list, asked in any order and again,
holds the same metrics as that slice of the whole list (its first page of 500, which
no anchor serves); a load that changes the data never lets an anchor of the old data
serve a page of the new.
"""

import re

import pytest

from api import anchors

URL = "/api/v1/metrics"
SIZE = 7
PAGES = [1, 2, 3, 5, 4, 9, 5, 5, 12, 2, 30, 31, 29, 3]
"""Pages in the order asked: forward, back, again, far ahead, past the last one."""


def ids(client, **query):
    response = client.get(URL, query_string=query)
    assert response.status_code == 200, response.get_json()
    return [item["id"] for item in response.get_json()]


@pytest.mark.parametrize(
    "query",
    [
        pytest.param({}, id="document-order"),
        pytest.param({"sort": "id"}, id="id"),
        pytest.param({"sort": "-value"}, id="value-desc"),
        pytest.param({"sort": "value"}, id="value-nulls-last"),
        pytest.param({"sort": "label"}, id="label"),
        pytest.param({"sort": "-year,unit"}, id="year-desc-unit"),
        pytest.param({"unit": "条", "sort": "-value"}, id="filtered"),
        pytest.param({"report": 2}, id="one-report"),
    ],
)
def test_every_page_is_its_slice_of_the_list(client, query):
    whole = ids(client, page_size=500, **query)
    assert len(whole) > 10 * SIZE
    for page in PAGES:
        expected = whole[(page - 1) * SIZE : page * SIZE]
        assert ids(client, page=page, page_size=SIZE, **query) == expected, page


def test_a_page_asked_again_seeks_from_the_row_before_it(app, client):
    anchors._anchors.clear()
    ids(client, page=5, page_size=SIZE, sort="id")
    (known,) = anchors._anchors.values()
    assert sorted(known) == [4 * SIZE - 1, 5 * SIZE]  # the row before, and the look-ahead row
    statements = []
    with app.app_context():
        from api.database import current_db

        db = current_db()
    execute_sql = db.execute_sql

    def recording(sql, params=None, *args, **kwargs):
        statements.append((sql, params))
        return execute_sql(sql, params, *args, **kwargs)

    whole = ids(client, page=1, page_size=500, sort="id")
    db.execute_sql = recording
    try:
        assert ids(client, page=5, page_size=SIZE, sort="id") == whole[4 * SIZE : 5 * SIZE]
    finally:
        del db.execute_sql
    # The page's ids (on PostgreSQL inside the statement that loads their rows).
    (seek, params), *_ = [s for s in statements if re.search(r'SELECT "t\d"."id" FROM', s[0])]
    assert re.search(r'\("t\d"\."id"\) > ', seek) and "OFFSET" not in seek, seek
    assert params[0] == whole[4 * SIZE - 1]


def test_anchors_never_outlive_the_data(empty_app):
    """Anchors of page 3 in year order, then the 2011 report loaded: its rows come first in
    that order, so an anchor of the old data would serve 2012 rows; the new page is 2011's."""
    from loaders.load import load_paths
    from tests.conftest import SEEDS

    client = empty_app.test_client()
    assert not load_paths([SEEDS / "aqsiq-2012-subsites-disclosure.txt"]).failed
    before = ids(client, page=3, page_size=SIZE, sort="year")
    assert ids(client, page=3, page_size=SIZE, sort="year") == before
    assert not load_paths([SEEDS / "aqsiq-2011-annual-report.txt"]).failed
    whole = ids(client, page_size=500, sort="year")
    assert ids(client, page=3, page_size=SIZE, sort="year") == whole[2 * SIZE : 3 * SIZE]
    assert whole[2 * SIZE : 3 * SIZE] != before
