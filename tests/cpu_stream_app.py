"""A WSGI app whose response computes for STREAM_SECONDS without waiting on I/O (test fixture)."""

import os
import time


def app(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])

    def body():
        end = time.monotonic() + float(os.environ.get("STREAM_SECONDS", "4"))
        while time.monotonic() < end:
            yield b"%d\n" % sum(range(20000))
        yield b"end\n"

    return body()
