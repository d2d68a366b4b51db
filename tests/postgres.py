"""A throwaway PostgreSQL server for the test run, started from the machine's binaries.

The server runs on 127.0.0.1 on a free port with its data in a temporary
folder, fsync off, trust authentication; it is stopped and removed at the end
of the session. PostgreSQL refuses to run as root, so as root the server runs
as the `postgres` user. Set TEST_POSTGRES_URL (postgresql://user@host:port)
to use a server of your own instead.
"""

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time


class PostgresUnavailable(RuntimeError):
    """No PostgreSQL binaries on this machine, or the server would not start."""


def _binary(name):
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)
    if candidates:
        return candidates[0]
    raise PostgresUnavailable(
        f"{name} not found (install PostgreSQL, e.g. apt-get install postgresql)"
    )


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PostgresServer:
    """Start with `start()`, stop with `stop()`; `url(dbname)` names a database on it."""

    def __init__(self):
        self.base = tempfile.mkdtemp(prefix="disclosure-pg-")
        self.data = os.path.join(self.base, "data")
        self.port = _free_port()
        self.as_root = os.geteuid() == 0

    def _run(self, *args, **kwargs):
        command = list(args)
        if self.as_root:
            command = ["runuser", "-u", "postgres", "--"] + command
        return subprocess.run(command, check=True, capture_output=True, text=True, **kwargs)

    def start(self):
        if self.as_root:
            shutil.chown(self.base, user="postgres")
        try:
            self._run(
                _binary("initdb"),
                "-D",
                self.data,
                "-A",
                "trust",
                "-U",
                "postgres",
                # Character classes of UTF-8 (pg_trgm finds trigrams in Chinese
                # only then), byte order for sorting.
                "-E",
                "UTF8",
                "--locale=C",
                "--lc-ctype=C.UTF-8",
                "--no-sync",
            )
            self._run(
                _binary("pg_ctl"),
                "-D",
                self.data,
                "-l",
                os.path.join(self.base, "log"),
                "-w",
                "-t",
                "60",
                "-o",
                f"-p {self.port} -k {self.base} -c listen_addresses=127.0.0.1 -c fsync=off "
                "-c synchronous_commit=off -c full_page_writes=off",
                "start",
            )
        except subprocess.CalledProcessError as exc:
            log = ""
            if os.path.exists(os.path.join(self.base, "log")):
                with open(os.path.join(self.base, "log"), encoding="utf-8", errors="replace") as f:
                    log = f.read()[-2000:]
            raise PostgresUnavailable(f"{exc.cmd[-1]} failed: {exc.stderr}{log}") from None
        return self

    def url(self, dbname="postgres"):
        return f"postgresql://postgres@127.0.0.1:{self.port}/{dbname}"

    def stop(self):
        try:
            self._run(_binary("pg_ctl"), "-D", self.data, "-m", "immediate", "stop")
        except (subprocess.CalledProcessError, PostgresUnavailable):
            pass
        shutil.rmtree(self.base, ignore_errors=True)


def create_database(server_url, name):
    """Create (or re-create) database `name` on the server and return its URL."""
    import psycopg2

    admin = psycopg2.connect(server_url.rsplit("/", 1)[0] + "/postgres")
    admin.autocommit = True
    with admin.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cur.execute(f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0")
    admin.close()
    return server_url.rsplit("/", 1)[0] + f"/{name}"


def wait_for(url, seconds=30):
    """Wait until the server at `url` accepts connections."""
    import psycopg2

    deadline = time.monotonic() + seconds
    while True:
        try:
            psycopg2.connect(url).close()
            return
        except psycopg2.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
