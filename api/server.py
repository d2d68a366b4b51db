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

    served = weakref.WeakSet()  # the connections (gunicorn's sockets) that had a request

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
