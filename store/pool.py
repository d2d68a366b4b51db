"""The API's PostgreSQL connection pool: a connection given back a moment ago is handed out
without a round trip to check it.

peewee's pool checks every PostgreSQL connection it hands out with a `SELECT 1`: one
more round trip per request, on top of the page's own. On a busy machine a round trip
is not 0.03 ms but a wait for the server process to be scheduled, and it was one of
five per page. A connection given back less than PING_AFTER seconds ago was working
then; only one idle longer is checked (the server may have closed it, or restarted
meanwhile). A connection the driver knows to be broken or inside a transaction is
handled as peewee does (discarded, or rolled back).
"""

import time

from playhouse.db_url import register_database
from playhouse.pool import PooledPostgresqlDatabase

SCHEME = "postgresql+apipool"
PING_AFTER = 5.0
"""Seconds a connection may have been idle and still be handed out unchecked."""


class RecentlyUsedPool(PooledPostgresqlDatabase):
    """`PooledPostgresqlDatabase` that checks a connection only when it was idle a while."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._given_back = {}

    def _is_closed(self, conn):
        given_back = self._given_back.pop(self.conn_key(conn), None)
        if (
            given_back is not None
            and time.monotonic() - given_back < PING_AFTER
            and not conn.closed
            and self._adapter.txn_status(conn) == self._adapter.txn_idle
        ):
            return False
        return super()._is_closed(conn)

    def _close(self, conn, close_conn=False):
        if not close_conn:
            if len(self._given_back) > 4 * (self._max_connections or 8):
                self._given_back.clear()  # keys of connections closed since (stale ones)
            self._given_back[self.conn_key(conn)] = time.monotonic()
        return super()._close(conn, close_conn)


register_database(RecentlyUsedPool, SCHEME)
