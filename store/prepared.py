"""PostgreSQL prepared statements, for statements whose best plan is the same for every value.

Planning a page of one report's metrics (rows, agency names and text windows in one
statement) takes PostgreSQL 0.45 ms, a third of the statement's 1.3 ms at 1M metrics,
and gives the same plan for every report: the report's (report, ordinal) index walked
in order. A statement prepared once per connection (`PREPARE … AS`, then `EXECUTE`) is
planned once; after its first five runs PostgreSQL keeps the generic plan when its cost
is no worse than the values' own plans.

Only for statements whose plan does not depend on the values: a generic plan of a label
filter would be one plan for a label of three matches and one of a hundred thousand.

Statements are kept per connection (a pooled connection keeps its own), at most
PER_CONNECTION of them, the least recently used deallocated first. A statement that
cannot be prepared (a parameter whose type PostgreSQL cannot infer, say) or whose
prepared form fails is run as it is, and that SQL is not prepared again; inside an
explicit transaction nothing is prepared (a failure there would abort it).

A statement's name is a hash of its SQL (`statement_name`), never a counter: behind
pgbouncer in transaction pooling, consecutive statements of one client may run on
different server connections, which other API processes use too. A name found on a
server connection therefore always names the same SQL: one already prepared there by
another client is used as it is, and one missing there (prepared on another server
connection) fails and is run unprepared, that SQL from then on.
"""

import hashlib
import itertools
import re
import threading
import weakref
from collections import OrderedDict

import peewee

PER_CONNECTION = 64
"""Prepared statements kept per connection, least recently used first out."""
UNPREPARABLE_KEPT = 1024
"""SQL texts remembered as not to be prepared (forgotten all at once beyond this)."""

TO_PEEWEE_ERRORS = peewee.__exception_wrapper__
"""peewee's own context turning driver errors into its errors, as `execute_sql` raises them."""
_MARK = re.compile(r"%s")
_statements = weakref.WeakKeyDictionary()  # connection -> OrderedDict(sql -> name)
_unpreparable = set()
_lock = threading.Lock()


def numbered(sql):
    """`sql` with the driver's `%s` marks numbered `$1, $2, …` as PREPARE takes them, or None
    when it holds a literal percent sign (`%%`), which this would misread."""
    if "%%" in sql:
        return None
    counter = itertools.count(1)
    return _MARK.sub(lambda _: f"${next(counter)}", sql)


def statement_name(sql):
    """The name `sql` is prepared under: the same on every connection and in every process."""
    return "disclosure_" + hashlib.sha256(sql.encode()).hexdigest()[:32]


def execute(database, sql, params):
    """A cursor of `sql` with `params` run on `database`'s connection: prepared on PostgreSQL
    outside a transaction, as it is everywhere else."""
    conn = database.connection()
    prepared = _prepared(conn, sql)
    if prepared is None:
        return database.execute_sql(sql, params)
    name, fresh = prepared
    import psycopg2.errors

    cursor = conn.cursor()
    if fresh:
        try:
            cursor.execute(f"PREPARE {name} AS {numbered(sql)}")
        except psycopg2.errors.DuplicatePreparedStatement:
            pass  # prepared on this server connection by another client: the same SQL
        except psycopg2.Error:  # e.g. a parameter of no inferable type: run it as it is
            _forget(conn, sql)
            return database.execute_sql(sql, params)
    marks = ", ".join(["%s"] * len(params))
    try:
        with TO_PEEWEE_ERRORS:
            cursor.execute(f"EXECUTE {name}({marks})" if params else f"EXECUTE {name}", params)
    except peewee.DatabaseError as error:
        _forget(conn, sql)
        _deallocate(conn, name)
        stale = (psycopg2.errors.FeatureNotSupported, psycopg2.errors.InvalidSqlStatementName)
        if isinstance(getattr(error, "orig", None), stale):
            # "cached plan must not change result type" after a migration, or a statement the
            # server no longer knows: the SQL itself is fine.
            return database.execute_sql(sql, params)
        raise
    return cursor


def _prepared(conn, sql):
    """(statement name, whether it is still to be prepared) of `sql` on `conn`, or None."""
    if sql in _unpreparable or not hasattr(conn, "get_transaction_status"):
        return None
    import psycopg2.extensions

    if conn.get_transaction_status() != psycopg2.extensions.TRANSACTION_STATUS_IDLE:
        return None
    if numbered(sql) is None:
        return None
    with _lock:
        kept = _statements.get(conn)
        if kept is None:
            kept = _statements[conn] = OrderedDict()
        name = kept.get(sql)
        if name is not None:
            kept.move_to_end(sql)
            return name, False
        name = kept[sql] = statement_name(sql)
        evicted = kept.popitem(last=False)[1] if len(kept) > PER_CONNECTION else None
    if evicted is not None:
        _deallocate(conn, evicted)
    return name, True


def _forget(conn, sql):
    """Never prepare `sql` again (on any connection)."""
    with _lock:
        if len(_unpreparable) >= UNPREPARABLE_KEPT:
            _unpreparable.clear()
        _unpreparable.add(sql)
        kept = _statements.get(conn)
        if kept is not None:
            kept.pop(sql, None)


def _deallocate(conn, name):
    import psycopg2

    try:
        with conn.cursor() as cursor:
            cursor.execute(f"DEALLOCATE {name}")
    except psycopg2.Error:  # the server no longer has it: nothing to free
        pass
