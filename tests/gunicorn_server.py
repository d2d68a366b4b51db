"""A plain gunicorn serving the app on a free loopback port, for tests that need real HTTP.

One helper for the API server tests and the browser tests: it waits until the
app answers, and stops the server however the caller finishes (a fixture's
teardown, or a generator closed early).
"""

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from benchmarks.server import free_port

ROOT = Path(__file__).resolve().parent.parent


def serve(url, threads=2, ready_path="/api/v1/openapi.json"):
    """Start gunicorn serving database `url`; yields its base URL, stops it after."""
    port = free_port()
    env = dict(os.environ, DATABASE_URL=url)
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--threads",
            str(threads),
            "api.wsgi:app",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(base + ready_path, timeout=2) as response:
                assert response.status == 200
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail("gunicorn did not start: " + process.stderr.read().decode()[-2000:])
            time.sleep(0.2)
    try:
        yield base
    finally:  # also when the generator is closed early (GeneratorExit at the yield)
        process.terminate()
        process.wait(timeout=10)
