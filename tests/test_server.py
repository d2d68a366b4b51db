"""api.server: gunicorn's own errors as the API's JSON errors; responses that yield between blocks."""

import json

import pytest

from api.server import cooperative, json_error


@pytest.mark.parametrize(
    ("status", "reason", "mesg", "message"),
    [
        (414, "URI Too Long", "8190", "8190"),
        (
            431,
            "Request Header Fields Too Large",
            "Error parsing headers: 'x'",
            "Error parsing headers: 'x'",
        ),
        (400, "Bad Request", "", "Bad Request"),
    ],
)
def test_json_error(status, reason, mesg, message):
    head, _, body = json_error(status, reason, mesg).partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    assert lines[0] == f"HTTP/1.1 {status} {reason}"
    assert "Content-Type: application/json" in lines
    assert f"Content-Length: {len(body)}" in lines
    assert json.loads(body) == {"code": status, "status": reason, "message": message, "errors": {}}


def test_cooperative_pauses_after_each_block_and_closes():
    events = []

    class Body:
        def __iter__(self):
            for block in (b"a", b"b", b"c"):
                events.append(block)
                yield block

        def close(self):
            events.append("closed")

    def app(environ, start_response):
        start_response("200 OK", [])
        return Body()

    wrapped = cooperative(
        app, pause=lambda: events.append("pause"), turn=lambda: events.append("turn")
    )
    assert b"".join(wrapped({}, lambda *a: None)) == b"abc"
    assert events == ["turn", b"a", "pause", b"b", "pause", b"c", "pause", "closed"]


def test_a_connection_first_request_is_served_without_waiting_its_turn():
    """The turn is taken before every request of a connection but its first (see cooperative)."""
    import socket

    events = []

    def app(environ, start_response):
        start_response("200 OK", [])
        events.append("served")
        return [b""]

    wrapped = cooperative(app, pause=lambda: None, turn=lambda: events.append("turn"))
    first, second = socket.socket(), socket.socket()
    try:
        for sock in (first, first, second, first, second):
            list(wrapped({"gunicorn.socket": sock}, lambda *a: None))
    finally:
        first.close()
        second.close()
    assert events == ["served", "turn", "served", "served", "turn", "served", "turn", "served"]


def test_the_turn_waits_for_the_event_loop_only_under_gevent():
    """Unpatched (this test process), `_gevent_turn` returns at once; in a patched process it
    waits in `gevent.idle()` until the loop has run every other ready greenlet first."""
    import subprocess
    import sys

    from api.server import _gevent_turn

    assert _gevent_turn() is None
    script = (
        "from gevent import monkey; monkey.patch_all()\n"
        "import gevent\n"
        "from api.server import _gevent_turn\n"
        "order = []\n"
        "others = [gevent.spawn(order.append, n) for n in (1, 2)]\n"
        "_gevent_turn(); order.append('served')\n"
        "print(order)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[1, 2, 'served']"
