"""Bulk writes of one document's rows: ids handed out up front, parents before parts, driver bulk inserts.

Loading ran at a small fraction of a plain `executemany` of the same rows: each
row went through the ORM's SQL building, and every part-of link cost an
INSERT, a SELECT of the new ids and an UPDATE per parent. Here the ids are
reserved before the rows are written, so a row goes in once, already linked
to its parent, through the driver's own bulk path (SQLite `executemany`,
psycopg2 `execute_values`).
"""

import io

from store.db import is_sqlite
from store.models import database

BATCH_ROWS = 500
"""Rows per multi-row INSERT on PostgreSQL (one round trip each)."""


def mark():
    """The driver's parameter mark: `?` on SQLite, `%s` on PostgreSQL (psycopg2)."""
    return "?" if is_sqlite() else "%s"


def chunks(items, size):
    """`items` in lists of at most `size`: the rows or keys of one statement each."""
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start : start + size]


def execute(statement, params=()):
    """Run one plain SQL statement written with `?` marks (`%s` on PostgreSQL); the cursor.

    For the few lookups a document's write makes: the ORM's query building costs ~100 us
    a statement, twenty times the statement itself.
    """
    if not is_sqlite():
        statement = statement.replace("?", "%s")
    return database.execute_sql(statement, params)


def insert_returning_id(model, values):
    """INSERT one row ({column: value}) in plain SQL; its new id."""
    names = ", ".join(f'"{c}"' for c in values)
    statement = (
        f'INSERT INTO "{model._meta.table_name}" ({names}) VALUES ({", ".join("?" * len(values))})'
    )
    if is_sqlite():
        return execute(statement, tuple(values.values())).lastrowid
    return execute(statement + ' RETURNING "id"', tuple(values.values())).fetchone()[0]


def reserve_ids(model, items):
    """{document key: row id}: ids handed out before the rows are written, in document order.

    Knowing every id up front lets a row be written with its parent in one
    INSERT, instead of an INSERT, a SELECT of the ids and an UPDATE per parent.
    PostgreSQL hands them out from the table's sequence (safe under any
    concurrency). SQLite continues after the highest id ever given
    (`sqlite_sequence`, the AUTOINCREMENT counter, which an explicit id
    advances): the caller holds the write transaction (`BEGIN IMMEDIATE`), so
    no other writer can take them meanwhile. Either way the ids are the ones a
    row-by-row insert in document order would have got.
    """
    return {
        item.key: row_id for item, row_id in zip(items, reserve(model, len(items)), strict=True)
    }


def reserve(model, count):
    """`count` ids of `model`'s table handed out before the rows are written, ascending
    (see `reserve_ids`): the id of each row of a document, by position."""
    if not count:
        return []
    table = model._meta.table_name
    if is_sqlite():
        last = database.execute_sql(
            "SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = ?), 0), "
            f'coalesce((SELECT max(id) FROM "{table}"), 0))',
            (table,),
        ).fetchone()[0]
        return range(last + 1, last + 1 + count)
    return sorted(
        row[0]
        for row in database.execute_sql(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            (table, count),
        ).fetchall()
    )


def parents_first(items, rows):
    """`rows` (one per item, in document order) reordered so that a parent precedes its parts.

    A foreign key is checked when its row is written, so a part may not be
    written before its parent; the ids (and so the stored order) stay those
    of the document order.
    """
    parents = {item.key: item.parent for item in items}
    depth = {}
    for item in items:
        chain, key = [], item.key
        while key is not None and key not in depth and len(chain) <= len(parents):
            chain.append(key)
            key = parents.get(key)
        level = depth.get(key, -1)
        for step in reversed(chain):
            level += 1
            depth[step] = level
    levels = [depth[item.key] for item in items]
    if not any(levels):
        return rows
    return [row for _, _, row in sorted(zip(levels, range(len(rows)), rows, strict=True))]


def insert_rows(model, columns, rows):
    """Write rows (tuples in `columns` order) with the driver's bulk insert, not row by row.

    SQLite: one prepared INSERT run over all rows (`executemany`, the insert
    floor). PostgreSQL: COPY (rows as COPY text, escaped), or multi-row INSERTs
    of BATCH_ROWS rows (`psycopg2.extras.execute_values`) when there are few.
    """
    if not rows:
        return
    names = ", ".join(f'"{c}"' for c in columns)
    table = model._meta.table_name
    cursor = database.cursor()
    if is_sqlite():
        cursor.executemany(
            f'INSERT INTO "{table}" ({names}) VALUES ({", ".join("?" * len(columns))})', rows
        )
    elif POSTGRES_COPY and len(rows) >= COPY_MIN_ROWS:
        cursor.copy_expert(f'COPY "{table}" ({names}) FROM STDIN', io.StringIO(copy_text(rows)))
    else:
        from psycopg2.extras import execute_values

        execute_values(
            cursor, f'INSERT INTO "{table}" ({names}) VALUES %s', rows, page_size=BATCH_ROWS
        )


POSTGRES_COPY = True
"""On PostgreSQL, write a document's rows with COPY (`benchmarks/load_speed.py` times both ways)."""
COPY_MIN_ROWS = 20
"""Fewer rows than this go in one multi-row INSERT: COPY's own round trips cost more there."""
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_field(value):
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, float):
        return repr(value)  # the shortest text that reads back as the same double
    return str(value).translate(_COPY_ESCAPES)


def copy_text(rows):
    """Rows in PostgreSQL's COPY text format: tab-separated, \\N for NULL, backslash escapes."""
    return "".join("\t".join(map(_copy_field, row)) + "\n" for row in rows)


ADDED = "{old} + {new}"
"""The update expression of an upsert that adds the offered count to the stored one."""
LOWER = "CASE WHEN {old} IS NULL OR {new} < {old} THEN {new} ELSE {old} END"
"""The update expression that keeps the smaller of the stored and offered values (NULL: none yet)."""
HIGHER = "CASE WHEN {old} IS NULL OR {new} > {old} THEN {new} ELSE {old} END"
"""The update expression that keeps the larger of the stored and offered values (NULL: none yet)."""


def upsert_rows(model, columns, rows, target, update, values=None):
    """INSERT rows (tuples in `columns` order); a row whose `target` columns exist already updates it.

    `update`: {column: SQL expression}, where `{old}` is the stored row and
    `{new}` the row offered (`excluded`). One statement prepared for all rows,
    as `insert_rows` does: no per-row SQL building. `values`: the VALUES tuple
    written with `?` marks, when a column is an expression of the row's
    parameters rather than one of them (default: one mark per column).
    """
    if not rows:
        return
    table = model._meta.table_name
    names = ", ".join(f'"{c}"' for c in columns)
    sets = ", ".join(
        f'"{column}" = '
        + expression.format(old=f'"{table}"."{column}"', new=f'excluded."{column}"')
        for column, expression in update.items()
    )
    conflict = ", ".join(f'"{c}"' for c in target)
    tail = f"ON CONFLICT ({conflict}) DO UPDATE SET {sets}"
    cursor = database.cursor()
    values = values or f"({', '.join('?' * len(columns))})"
    if is_sqlite():
        cursor.executemany(f'INSERT INTO "{table}" ({names}) VALUES {values} {tail}', rows)
    else:
        from psycopg2.extras import execute_values

        execute_values(
            cursor,
            f'INSERT INTO "{table}" ({names}) VALUES %s {tail}',
            rows,
            template=values.replace("?", "%s"),
            page_size=BATCH_ROWS,
        )
