"""A real PostgreSQL server for tests, started on 127.0.0.1 in a temporary folder from Debian's
binaries (`make postgresql` installs them). Shared by the scenario-store tests and the browser
test that runs two app servers against one database: import the `postgres` fixture from here.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

PG_BIN = Path(os.environ.get("GMDASH_PG_BIN", "/usr/lib/postgresql/15/bin"))
# initdb refuses to run as root; Debian's package creates this account for the server.
SERVER_USER = "postgres"


def _as_server_user(args: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", SERVER_USER, "--", *args]
    return args


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PostgresServer:
    """One throwaway server: initdb, pg_ctl start, and a fresh database per test."""

    def __init__(self) -> None:
        if not (PG_BIN / "initdb").exists():
            pytest.fail(
                f"PostgreSQL server binaries not found in {PG_BIN}: run `make postgresql` "
                "(or set GMDASH_PG_BIN)."
            )
        self.root = Path(tempfile.mkdtemp(prefix="gmdash-pg-"))
        self.data = self.root / "data"
        self.port = _free_port()
        if os.geteuid() == 0:
            shutil.chown(self.root, SERVER_USER)
        self._run([str(PG_BIN / "initdb"), "-D", str(self.data), "-U", "postgres",
                   "--auth=trust", "-E", "UTF8", "--locale=C"])  # fmt: skip
        options = (
            f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c max_connections=200"
        )
        self._run([str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l",
                   str(self.root / "server.log"), "-o", options, "-w", "start"])  # fmt: skip

    def _run(self, args: list[str]) -> None:
        done = subprocess.run(_as_server_user(args), capture_output=True, text=True, check=False)
        if done.returncode:
            log = self.root / "server.log"
            tail = log.read_text()[-2000:] if log.exists() else ""
            raise RuntimeError(f"{args[0]} failed: {done.stdout}{done.stderr}{tail}")

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self) -> str:
        import psycopg
        from psycopg import sql

        name = f"t_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(
            f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres", autocommit=True
        ) as conn:
            # DDL takes no bound parameters: psycopg composes the name as a quoted identifier.
            conn.execute(sql.SQL("create database {}").format(sql.Identifier(name)))
        return name

    def stop(self) -> None:
        try:
            self._run([str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop"])
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    server = PostgresServer()
    try:
        yield server
    finally:
        server.stop()
