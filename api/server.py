"""What gunicorn itself answers, in the API's error shape.

A request gunicorn refuses before the app sees it (a request line over
`limit_request_line` → 414, too many or too large header fields → 431, a
malformed request → 400) is written by `gunicorn.util.write_error`, as an
HTML page. `install_json_errors()` (called from gunicorn.conf.py, so in the
arbiter before workers fork) replaces that writer with one that answers the
documented JSON `{code, status, message, errors}`, with the security headers
of every other response. It depends on gunicorn's `write_error(sock,
status_int, reason, mesg)`, a module function since gunicorn 19.
"""

import json
import weakref


def json_error(status_int, reason, mesg):
    """The bytes of a complete HTTP/1.1 error response with a JSON body."""
    body = json.dumps(
        {"code": int(status_int), "status": reason, "message": mesg or reason, "errors": {}},
        ensure_ascii=False,
    ).encode("utf-8")
    head = (
        f"HTTP/1.1 {int(status_int)} {reason}\r\n"
        "Connection: close\r\n"
        "Content-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n"
        "X-Content-Type-Options: nosniff\r\n"
        "Access-Control-Allow-Origin: *\r\n"
        "Vary: Accept\r\n"
        "\r\n"
    )
    return head.encode("latin-1") + body


def install_json_errors():
    """Make gunicorn write its own errors (414, 431, 400 ...) as the API's JSON errors."""
    from gunicorn import util

    def write_error(sock, status_int, reason, mesg):
        util.write_nonblock(sock, json_error(status_int, reason, mesg))

    util.write_error = write_error


def _gevent_turn():
    """Under gevent: wait until the event loop has polled and run whatever else is ready.

    A keep-alive connection whose next request is already buffered never blocks,
    so without this its greenlet serves request after request and the loop
    rarely polls the listening socket: measured at 16 clients, the last clients
    to connect got their first answer only after 3 s, when the others stopped
    (benchmarks/national.py's p99). `gevent.idle()` runs once every ready
    event (new connections, other clients' requests) has been handled, so
    requests are served in turn. Without gevent (gthread, sync, tests) it does nothing.
    """
    try:
        from gevent import monkey
    except ImportError:
        return
    if monkey.is_module_patched("socket"):
        import gevent

        gevent.idle()


SERVED = weakref.WeakSet()
"""This process's open connections (gunicorn's sockets) that have made a request."""


def cooperative(app, pause=None, turn=_gevent_turn):
    """The WSGI app, served in turn with the other connections and yielding after each block.

    Before a request, `turn()` (see `_gevent_turn`) lets every connection that is
    ready go first, except before the first request of a connection: a worker that
    waited there would go back to its loop and accept the next connection of a
    burst too, and the next, while its sibling worker sat idle; serving it at
    once keeps the worker busy, so the sibling accepts the next one. (Measured
    at 16 clients on 2 workers: one worker had taken 15 of the 16 connections of a
    burst, and those clients waited 13 times longer than the other one; the
    split is still up to the kernel, so it is fairer, not exact.) Under gevent, a greenlet runs until it waits on I/O. A long
    export to a fast client may never wait, and the worker's heartbeat (a greenlet
    too) would starve until the arbiter kills the worker at `timeout`. A zero
    sleep between blocks (FLUSH_BYTES each) lets the heartbeat and the other
    clients run; with threads it only releases the GIL.
    """
    if pause is None:
        import time

        def pause():
            time.sleep(0)  # gevent.sleep(0) once gevent has patched time

    served = SERVED

    def wrapped(environ, start_response):
        sock = environ.get("gunicorn.socket")
        if sock is None or sock in served:
            turn()
        else:
            served.add(sock)
        result = app(environ, start_response)
        try:
            for block in result:
                yield block
                pause()
        finally:
            close = getattr(result, "close", None)
            if close is not None:
                close()

    return wrapped


ACCEPT_STEP = 0.002
"""Seconds a gevent worker waits before accepting, per open connection that made a request."""
ACCEPT_WAIT_MAX = 0.02
"""The longest such wait."""


def balanced_stream_server():
    """gevent's StreamServer, accepting later the more connections the worker holds.

    gunicorn's workers share one listening socket and the first to call accept
    gets the connection, which then stays with it (keep-alive). A new
    connection wakes every worker; each waits ACCEPT_STEP per client it
    serves (an open connection that made a request, `SERVED`; at most
    ACCEPT_WAIT_MAX) before accepting, so the worker serving fewer takes it and
    a burst of new clients is shared out instead of piling onto one worker
    (measured: 16 clients at once, 16/0 and 13/3 without, 6-10 each with).
    Connections that never made a request (idle or slow clients) add no wait,
    so a flood of them is accepted at full speed. Installed by gunicorn.conf.py
    in gevent workers.
    """
    from gevent.server import StreamServer

    class BalancedStreamServer(StreamServer):
        _waited = False

        def do_read(self):
            wait = min(len(SERVED) * ACCEPT_STEP, ACCEPT_WAIT_MAX)
            if wait and not self._waited:
                self._waited = True
                self.stop_accepting()
                self._timer = self.loop.timer(wait)
                self._timer.start(self._start_accepting_if_started)
                return None
            self._waited = False
            return super().do_read()

    return BalancedStreamServer
