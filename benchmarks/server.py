"""Slow clients and throughput of the server `make run` starts (gunicorn.conf.py).

    python benchmarks/server.py slow [--idle 100 --half 100 --hold 30]
        start gunicorn as `make run` does over a seeded SQLite store, open IDLE
        connections that send nothing and HALF connections that send half a
        request, hold them HOLD seconds, and meanwhile time a fresh client's
        request every 0.5 s: prints the slowest answer and any failure.
    python benchmarks/server.py rps [--seconds 10 --clients 8]
        requests/s of GET /api/v1/metrics?page_size=50 with CLIENTS keep-alive
        clients, for the configured gthread worker and for gunicorn's sync
        worker (the old `make run`), so the cost of the choice is measured.

`hold_slow_clients` is also what tests/test_api_server.py runs, smaller.
"""

import argparse
import http.client
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PATH = os.environ.get("BENCH_PATH", "/api/v1/metrics?page_size=50")
sys.path.insert(0, str(ROOT))


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(database_url, port, extra=(), config=True, env=None):
    """gunicorn as `make run` starts it (its config file), on loopback; waits until it answers."""
    command = [sys.executable, "-m", "gunicorn"]
    command += ["--config", str(ROOT / "gunicorn.conf.py")] if config else []
    command += [
        "--bind",
        f"127.0.0.1:{port}",
        "--access-logfile",
        "/dev/null",
        *extra,
        "api.wsgi:app",
    ]
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env=dict(os.environ, DATABASE_URL=database_url, **(env or {})),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 30
    while True:
        try:
            status, _ = get(port, "/api/v1/agencies", timeout=2)
            if status == 200:
                return process
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise RuntimeError("gunicorn did not start: " + process.stderr.read().decode()[-2000:])
        time.sleep(0.2)


def stop_server(process):
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def get(port, path, timeout=5.0, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def hold_slow_clients(port, idle=100, half=100, hold=30.0, every=0.5, deadline=1.0):
    """Hold idle and half-sent connections for `hold` s; time a fresh request every `every` s.

    Returns {"held": connections still open at the end, "answers": [seconds],
    "failures": [reason]}; a failure is an error or an answer slower than `deadline`.
    """
    sockets = []
    for number in range(idle + half):
        sock = socket.create_connection(("127.0.0.1", port), timeout=5)
        if number >= idle:
            sock.sendall(b"GET /api/v1/agencies HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        sockets.append(sock)
    answers, failures = [], []
    stop = time.monotonic() + hold
    while time.monotonic() < stop:
        started = time.monotonic()
        try:
            status, _ = get(port, "/api/v1/agencies", timeout=deadline + 4)
            elapsed = time.monotonic() - started
            answers.append(elapsed)
            if status != 200 or elapsed > deadline:
                failures.append(f"status {status} after {elapsed:.2f} s")
        except OSError as exc:
            failures.append(f"{type(exc).__name__}: {exc}")
        time.sleep(max(0.0, every - (time.monotonic() - started)))
    held = 0
    for sock in sockets:
        try:
            sock.setblocking(False)
            held += sock.recv(1, socket.MSG_PEEK) != b""  # b"" = closed by the server
        except BlockingIOError:
            held += 1  # still open, nothing sent back
        except OSError:
            pass
        sock.close()
    return {"held": held, "answers": answers, "failures": failures}


def seeded_store(folder):
    url = f"sqlite:///{folder / 'bench.db'}"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "loaders.cli",
            "load",
            "-q",
            str(ROOT / "seeds"),
            "--database-url",
            url,
        ],
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return url


def requests_per_second(port, seconds, clients):
    count = [0] * clients
    stop = time.monotonic() + seconds

    def client(index):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        while time.monotonic() < stop:
            connection.request("GET", PATH)
            connection.getresponse().read()
            count[index] += 1
        connection.close()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(count) / seconds


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("what", choices=["slow", "rps"])
    parser.add_argument("--idle", type=int, default=100)
    parser.add_argument("--half", type=int, default=100)
    parser.add_argument("--hold", type=float, default=30.0)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--clients", type=int, default=8)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        url = seeded_store(Path(folder))
        if args.what == "slow":
            port = free_port()
            process = start_server(url, port)
            try:
                result = hold_slow_clients(port, args.idle, args.half, args.hold)
            finally:
                stop_server(process)
            answers = result["answers"]
            print(
                f"{args.idle} idle + {args.half} half-sent connections held {args.hold:g} s: "
                f"{len(answers)} requests answered, slowest {max(answers):.3f} s, "
                f"median {sorted(answers)[len(answers) // 2]:.3f} s, "
                f"{len(result['failures'])} failures {result['failures'][:3]}, "
                f"{result['held']} slow connections still open at the end"
            )
            return 1 if result["failures"] else 0
        for label, config, extra in (
            (f"{os.environ.get('WORKER_CLASS', 'gevent')} (gunicorn.conf.py)", True, ()),
            ("sync, 2 workers (the old make run)", False, ("--workers", "2")),
        ):
            port = free_port()
            process = start_server(url, port, extra=extra, config=config)
            try:
                requests_per_second(port, 1, args.clients)  # warm up
                rate = requests_per_second(port, args.seconds, args.clients)
            finally:
                stop_server(process)
            print(f"{label}: {rate:.0f} requests/s ({args.clients} clients, {args.seconds:g} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
