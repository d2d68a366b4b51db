"""The README material works: gunicorn serves `api.wsgi:app` on loopback and every curl example
of docs/api.md runs against it (the seeded store, as `make run` serves it)."""
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "api.md"
DOC_BASE = "http://127.0.0.1:8000"

pytestmark = pytest.mark.server


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def server(seeded_url):
    port = _free_port()
    env = dict(os.environ, DATABASE_URL=seeded_url)
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "--workers", "1",
         "--threads", "2", "api.wsgi:app"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(base + "/api/v1/openapi.json", timeout=2) as response:
                assert response.status == 200
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail("gunicorn did not start: " + process.stderr.read().decode()[-2000:])
            time.sleep(0.2)
    yield base
    process.terminate()
    process.wait(timeout=10)


def _blocks():
    text = DOC.read_text(encoding="utf-8")
    return re.findall(r"```sh\n(.*?)```", text, flags=re.S)


def _run(block, base, fail_on_http_error=True):
    wrapper = 'curl() { command curl -sS --max-time 20 %s "$@"; echo; }\n' % (
        "--fail-with-body" if fail_on_http_error else "")
    script = "set -euo pipefail\n" + wrapper + block.replace(DOC_BASE, base)
    result = subprocess.run(["bash", "-c", script], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, (block, result.stdout[-2000:], result.stderr[-2000:])
    return result.stdout


def test_the_doc_has_the_required_example():
    assert "curl -G --data-urlencode label=质量管理信息 http://127.0.0.1:8000/api/v1/metrics" in DOC.read_text(
        encoding="utf-8")


def test_every_curl_example_of_the_doc_works(server):
    blocks = _blocks()
    assert len(blocks) >= 10
    for block in blocks:
        if block.startswith("# serve"):
            continue
        if block.startswith("# errors"):
            output = _run(block, server, fail_on_http_error=False)
            statuses = re.findall(r"^HTTP/1\.[01] (\d{3})", output, flags=re.M)
            assert statuses == ["422", "422", "404", "405"], output
            assert "Allow: " in output and '"errors"' in output
            continue
        output = _run(block, server)
        if "If-None-Match" in block:
            assert re.search(r"^HTTP/1\.[01] 304", output, flags=re.M), output
    quality = _run(_blocks()[1].splitlines()[1], server)
    assert '"value": 3550' in quality or '"value":3550' in quality


def test_gunicorn_serves_json_with_pagination_and_cors(server):
    with urllib.request.urlopen(server + "/api/v1/metrics?page_size=5&page=2") as response:
        assert response.status == 200
        assert response.headers["Content-Type"] == "application/json"
        assert response.headers["Access-Control-Allow-Origin"] == "*"
        assert '"page": 2' in response.headers["X-Pagination"]
        assert f'<{server}/api/v1/metrics?page_size=5&page=3>; rel="next"' in response.headers["Link"]
    with urllib.request.urlopen(server + "/api/v1/docs") as response:
        assert b"swagger-ui-bundle.js" in response.read()
