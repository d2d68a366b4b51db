"""How `make run` serves the API: gunicorn with gevent workers, which slow clients cannot stop.

Gunicorn's default sync worker serves one connection at a time, so two idle
TCP connections stop a two-worker server. The gthread worker parks idle
connections, but a half-sent request holds one of its threads until the
client finishes, so as many slow clients as threads stop it too. The gevent
worker gives every connection a greenlet: a connection that sends nothing or
half a request costs a few kilobytes and no thread, and up to
`worker_connections` of them are held while other clients are answered
(tests/test_api_server.py holds that; benchmarks/server.py measures it and
what it costs in requests/s against gthread and sync). The app is plain
blocking code: SQLite and psycopg2 queries are short and run without yielding,
so `api.server.cooperative` makes each request wait its turn (`gevent.idle()`):
otherwise busy keep-alive connections keep a worker from accepting new ones. A
connection's first request is served at once, so a worker that just accepted
is busy and its sibling accepts the next connection of a burst.

Timeouts:
- `timeout`: a worker whose heartbeat stops for this long is restarted. The
  heartbeat is a greenlet, so the app is served through
  `api.server.cooperative`, which yields after each block of a response: a
  long streamed export (millions of rows) runs as long as its client reads and
  is never killed by `timeout`. Only one block computed for more than
  `timeout` seconds without yielding would be.
- `keepalive`: an idle kept-alive connection is closed after this many seconds.
- `graceful_timeout`: how long a stopping worker may finish its responses.

Every setting comes from the environment (HOST, PORT, WORKERS, WORKER_CLASS
(gevent; gthread or sync to compare), THREADS (gthread), WORKER_CONNECTIONS,
TIMEOUT, KEEPALIVE). The server's own errors (414, 431, 400) are JSON in the
API's error shape (`api.server`).
"""

import os

from api.server import balanced_stream_server, cooperative, install_json_errors

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WORKERS", "2"))
worker_class = os.environ.get("WORKER_CLASS", "gevent")
threads = int(os.environ.get("THREADS", "8"))
worker_connections = int(os.environ.get("WORKER_CONNECTIONS", "1000"))
timeout = int(os.environ.get("TIMEOUT", "30"))
graceful_timeout = 30
keepalive = int(os.environ.get("KEEPALIVE", "5"))
# The longest request line and header field a client may send (gunicorn's maximum is 8190).
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190
accesslog = "-"

install_json_errors()


def post_worker_init(worker):
    """Serve the app through `api.server.cooperative`, so long exports let the heartbeat run;
    a gevent worker accepts through `api.server.balanced_stream_server` (a burst of new
    connections is shared out between the workers)."""
    worker.wsgi = cooperative(worker.wsgi)
    if worker_class == "gevent":
        from gunicorn.workers import ggevent

        ggevent.StreamServer = balanced_stream_server()  # read by the worker's run(), next
