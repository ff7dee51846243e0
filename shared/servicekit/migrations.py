"""Plain SQL migrations, applied in file-name order and recorded in a table.

Safe to run twice (applied files are skipped) and from several processes at once
(a transaction-level advisory lock serialises them). An applied file that was edited
afterwards is refused: migrations are append-only history.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from pathlib import Path

import asyncpg

from servicekit.db import Connection

log = logging.getLogger("servicekit.migrations")

# Any constant works as long as every service uses the same one in its own database.
_LOCK_KEY = 0x6D6967726174  # "migrat"


class MigrationError(RuntimeError):
    pass


@dataclass(frozen=True, slots=True)
class Migration:
    version: str
    sql: str

    @property
    def checksum(self) -> str:
        return hashlib.sha256(self.sql.encode()).hexdigest()


def load_migrations(directory: Path) -> list[Migration]:
    files = sorted(p for p in directory.glob("*.sql") if p.is_file())
    return [Migration(version=p.stem, sql=p.read_text(encoding="utf-8")) for p in files]


async def migrate(conn: Connection, directory: Path) -> list[str]:
    """Apply pending migrations from `directory`; return the versions applied now."""
    migrations = load_migrations(directory)
    applied_now: list[str] = []
    async with conn.transaction():
        await conn.execute("SELECT pg_advisory_xact_lock($1)", _LOCK_KEY)
        await conn.execute(
            """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version    text PRIMARY KEY,
                checksum   text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            )
            """
        )
        rows = await conn.fetch("SELECT version, checksum FROM schema_migrations")
        applied = {r["version"]: r["checksum"] for r in rows}
        for migration in migrations:
            known = applied.get(migration.version)
            if known is not None:
                if known != migration.checksum:
                    raise MigrationError(
                        f"migration {migration.version} was changed after it was applied; "
                        "add a new migration instead"
                    )
                continue
            await conn.execute(migration.sql)
            await conn.execute(
                "INSERT INTO schema_migrations (version, checksum) VALUES ($1, $2)",
                migration.version,
                migration.checksum,
            )
            applied_now.append(migration.version)
            log.info("migration applied", extra={"version": migration.version})
    return applied_now


async def pending(conn: Connection, directory: Path) -> list[str]:
    """The versions in `directory` not applied yet (all of them on an empty database)."""
    exists = await conn.fetchval("SELECT to_regclass('schema_migrations') IS NOT NULL")
    rows = await conn.fetch("SELECT version FROM schema_migrations") if exists else []
    applied = {r["version"] for r in rows}
    return [m.version for m in load_migrations(directory) if m.version not in applied]


async def migrate_dsn(dsn: str, directory: Path) -> list[str]:
    conn = await asyncpg.connect(dsn)
    try:
        return await migrate(conn, directory)
    finally:
        await conn.close()
