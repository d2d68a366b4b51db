"""store.prepared: a statement prepared once per PostgreSQL connection, run as it is otherwise.

On a real PostgreSQL (and SQLite, where nothing is prepared): the rows are always what
the plain statement gives; what is prepared shows in `pg_prepared_statements`; a
statement that cannot be prepared, or whose prepared form went stale, still answers.
"""

import pytest

from store import prepared
from store.db import is_sqlite


def rows(db, sql, params):
    return [tuple(row) for row in prepared.execute(db, sql, params).fetchall()]


def prepared_statements(db):
    """{statement text: name} of this connection's prepared statements."""
    cursor = db.execute_sql("SELECT statement, name FROM pg_prepared_statements")
    return {statement: name for statement, name in cursor.fetchall()}


@pytest.fixture
def numbers(store):
    store.execute_sql('CREATE TABLE numbers (n integer, "label" text)')
    for n in range(1, 11):
        store.execute_sql(
            "INSERT INTO numbers VALUES (%s, %s)".replace("%s", store.param), [n, f"n{n}"]
        )
    return store


def test_the_driver_marks_are_numbered_as_prepare_takes_them():
    assert prepared.numbered("SELECT a FROM t WHERE a = %s AND b IN (%s, %s)") == (
        "SELECT a FROM t WHERE a = $1 AND b IN ($2, $3)"
    )
    assert prepared.numbered("SELECT 'x%%' WHERE a = %s") is None


def test_a_statement_is_prepared_once_per_connection_and_answers_as_it_would(numbers):
    sql = "SELECT n, label FROM numbers WHERE n >= %s ORDER BY n LIMIT %s".replace(
        "%s", numbers.param
    )
    plain = [tuple(row) for row in numbers.execute_sql(sql, [4, 3]).fetchall()]
    assert plain == [(4, "n4"), (5, "n5"), (6, "n6")]
    for low in (4, 4, 9, 4):
        expected = [(n, f"n{n}") for n in range(low, min(low + 3, 11))]
        assert rows(numbers, sql, [low, 3]) == expected
    if is_sqlite(numbers):
        return
    mine = {text: name for text, name in prepared_statements(numbers).items() if "numbers" in text}
    name = prepared._statements[numbers.connection()][sql]
    assert mine == {f"PREPARE {name} AS {prepared.numbered(sql)}": name}


def test_a_statement_that_cannot_be_prepared_is_run_as_it_is(numbers):
    # PostgreSQL cannot tell the types of the parameters: PREPARE fails, the statement runs.
    sql = f"SELECT {numbers.param} IS NULL, {numbers.param} + 0"
    assert rows(numbers, sql, [None, 1]) == [(True, 1)]
    assert rows(numbers, sql, [2, 3]) == [(False, 3)]
    if not is_sqlite(numbers):
        assert sql in prepared._unpreparable
        assert not [t for t in prepared_statements(numbers) if "IS NULL" in t]


def test_a_statement_gone_stale_after_a_schema_change_still_answers(numbers):
    sql = "SELECT * FROM numbers WHERE n = %s".replace("%s", numbers.param)
    assert rows(numbers, sql, [2]) == [(2, "n2")]
    numbers.execute_sql("ALTER TABLE numbers ADD COLUMN extra integer DEFAULT 7")
    # PostgreSQL: "cached plan must not change result type"; the plain statement answers.
    assert rows(numbers, sql, [2]) == [(2, "n2", 7)]
    assert rows(numbers, sql, [3]) == [(3, "n3", 7)]


def test_nothing_is_prepared_inside_a_transaction(numbers):
    sql = "SELECT n FROM numbers WHERE n = %s AND label IS NOT NULL".replace("%s", numbers.param)
    with numbers.atomic():
        assert rows(numbers, sql, [5]) == [(5,)]
    if not is_sqlite(numbers):
        assert not [t for t in prepared_statements(numbers) if "label IS NOT NULL" in t]


def test_the_least_recently_used_statement_is_deallocated(numbers, monkeypatch):
    monkeypatch.setattr(prepared, "PER_CONNECTION", 2)
    statements = [
        f"SELECT n + {k} FROM numbers WHERE n = %s".replace("%s", numbers.param) for k in range(3)
    ]
    for k, sql in enumerate(statements):
        assert rows(numbers, sql, [1]) == [(1 + k,)]
    assert rows(numbers, statements[0], [2]) == [(2,)]  # prepared again after its eviction
    if is_sqlite(numbers):
        return
    kept = [t for t in prepared_statements(numbers) if "FROM numbers WHERE n = $1" in t]
    assert sorted(kept) == sorted(
        f"PREPARE {name} AS {prepared.numbered(sql)}"
        for sql, name in prepared._statements[numbers.connection()].items()
        if "FROM numbers WHERE" in sql
    )
    assert len(kept) == 2 and not any("n + 1 " in t for t in kept)


def test_a_statement_is_named_by_its_sql():
    """Behind pgbouncer a name met on a server connection must always name the same SQL."""
    first = prepared.statement_name("SELECT n FROM numbers WHERE n = %s")
    assert first == prepared.statement_name("SELECT n FROM numbers WHERE n = %s")
    assert first != prepared.statement_name("SELECT n FROM numbers WHERE n > %s")
    assert first.startswith("disclosure_") and len(first) <= 63  # PostgreSQL's identifier limit


def test_a_statement_another_client_prepared_on_the_connection_is_used(numbers):
    """pgbouncer's transaction pooling: the server connection has the statement already."""
    sql = "SELECT label FROM numbers WHERE n = %s".replace("%s", numbers.param)
    if not is_sqlite(numbers):
        name = prepared.statement_name(sql)
        numbers.execute_sql(f"PREPARE {name} AS {prepared.numbered(sql)}")
    assert rows(numbers, sql, [7]) == [("n7",)]
    assert rows(numbers, sql, [8]) == [("n8",)]
    assert sql not in prepared._unpreparable


def test_a_statement_missing_on_the_connection_is_run_as_it_is(numbers):
    """pgbouncer's transaction pooling: prepared on another server connection than this one."""
    sql = "SELECT label FROM numbers WHERE n <= %s ORDER BY n DESC LIMIT 1".replace(
        "%s", numbers.param
    )
    assert rows(numbers, sql, [3]) == [("n3",)]
    if not is_sqlite(numbers):
        numbers.execute_sql(f"DEALLOCATE {prepared.statement_name(sql)}")
    assert rows(numbers, sql, [4]) == [("n4",)]
    assert rows(numbers, sql, [5]) == [("n5",)]
    if not is_sqlite(numbers):
        assert sql in prepared._unpreparable
