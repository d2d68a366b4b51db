"""The national store on PostgreSQL, for `benchmarks/national.py --postgres`.

A throwaway server is started from the machine's binaries exactly as the tests
start theirs (`tests/postgres.py`: initdb in a temporary folder, loopback, a
free port, removed at the end). The schema is the project's own
(`store.db.ensure_schema`: the models, the PostgreSQL-only indexes, the search
index, the texts' pieces); the rows of the SQLite national store are copied with
COPY, table by table in batches (triggers off), the id sequences moved past the
copied ids, the report texts cut into pieces (`store.text_chunks.rebuild`, what its
trigger does at load), and the store
VACUUM ANALYZEd, as a freshly loaded production store would be after
autovacuum: planner statistics, and the visibility map that lets index-only
scans skip the table.
"""

import csv
import http.client
import io
import sqlite3
import statistics
import time

from store.models import MODELS, SchemaMeta, SearchPassage
from tests.postgres import PostgresServer, create_database

TABLES = [model._meta.table_name for model in MODELS if model not in (SchemaMeta, SearchPassage)]
"""What the served queries read, parents before children (the models' order; search passages
are left out)."""
BATCH = 20_000
NULL = "\\N"


def start():
    """A started throwaway PostgreSQL server (call `.stop()` when done)."""
    return PostgresServer().start()


def copy_store(sqlite_path, server):
    """Create database `national` on `server` from the SQLite store; returns (url, seconds)."""
    from store import text_chunks
    from store.db import ensure_schema, open_database

    started = time.perf_counter()
    url = create_database(server.url(), "national")
    db = open_database(url)
    db.connect()
    ensure_schema(db)
    source = sqlite3.connect(sqlite_path)
    conn = db.connection()
    with conn.cursor() as cursor:
        # The rows are a consistent store already; a part may precede its parent in id order, so
        # the foreign-key triggers stay off while copying (they are on again for the served store).
        cursor.execute("SET session_replication_role = replica")
        for table in TABLES:
            _copy_table(source, cursor, table, {c.name for c in db.get_columns(table)})
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                f'COALESCE((SELECT MAX(id) FROM "{table}"), 0) + 1, false)'
            )
        cursor.execute("SET session_replication_role = DEFAULT")
    # The triggers were off: the texts' pieces (store.text_chunks) are cut as a load cuts them.
    text_chunks.rebuild(db)
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    db.close()
    source.close()
    return url, time.perf_counter() - started


def _copy_table(source, cursor, table, target_columns):
    columns = [
        row[1]
        for row in source.execute(f'PRAGMA table_info("{table}")')
        if row[1] in target_columns
    ]
    if not columns:
        return
    quoted = ", ".join(f'"{c}"' for c in columns)
    rows = source.execute(f'SELECT {quoted} FROM "{table}" ORDER BY id')
    while batch := rows.fetchmany(BATCH):
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        for row in batch:
            # SQLite's 0/1 booleans are booleans to PostgreSQL's COPY too.
            writer.writerow([NULL if value is None else value for value in row])
        buffer.seek(0)
        cursor.copy_expert(
            f"COPY \"{table}\" ({quoted}) FROM STDIN WITH (FORMAT csv, NULL '{NULL}')", buffer
        )


def alternating_p50(paths, ports, seconds):
    """{name: {side: (p50 ms, non-200 answers)}}: each path asked of the servers `ports`
    ({side: port}) in turn, one request at a time, for about `seconds` per path and side.

    The machine is shared: a load that comes and goes in a few seconds made two 3-second
    runs of one query (one per server) differ by 2x either way. Requests that alternate
    see the same load, so their ratio holds even when the absolute times do not.
    """
    found = {}
    for name, path in paths:
        conns = {
            side: http.client.HTTPConnection("127.0.0.1", port) for side, port in ports.items()
        }
        times = {side: [] for side in ports}
        errors = dict.fromkeys(ports, 0)
        deadline = time.perf_counter() + seconds * len(ports)
        turn = 0
        while time.perf_counter() < deadline or turn < 20:
            order = list(ports) if turn % 2 else list(reversed(list(ports)))
            for side in order:
                started = time.perf_counter()
                conns[side].request("GET", path)
                response = conns[side].getresponse()
                response.read()
                if turn >= 3:  # the first requests warm the caches of both servers
                    times[side].append(time.perf_counter() - started)
                errors[side] += response.status != 200
            turn += 1
        for conn in conns.values():
            conn.close()
        found[name] = {
            side: (statistics.median(times[side]) * 1000, errors[side]) for side in ports
        }
    return found
