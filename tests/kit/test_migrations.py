"""The migration runner: ordered, recorded, idempotent, safe under concurrency."""

from __future__ import annotations

import asyncio
from pathlib import Path

import asyncpg
import pytest

from servicekit.migrations import MigrationError, migrate, migrate_dsn
from tests.conftest import FreshDatabase


def write(directory: Path, name: str, sql: str) -> None:
    (directory / name).write_text(sql, encoding="utf-8")


async def test_applies_in_order_once_and_records_them(fresh_database: FreshDatabase, tmp_path: Path) -> None:
    dsn = await fresh_database("migrations")
    write(tmp_path, "0002_add.sql", "ALTER TABLE t ADD COLUMN b int;")
    write(tmp_path, "0001_create.sql", "CREATE TABLE t (a int);")
    assert await migrate_dsn(dsn, tmp_path) == ["0001_create", "0002_add"]
    assert await migrate_dsn(dsn, tmp_path) == []
    conn = await asyncpg.connect(dsn)
    try:
        versions = await conn.fetch("SELECT version FROM schema_migrations ORDER BY version")
        assert [r["version"] for r in versions] == ["0001_create", "0002_add"]
        await conn.execute("INSERT INTO t (a, b) VALUES (1, 2)")
    finally:
        await conn.close()


async def test_concurrent_runners_apply_each_migration_once(
    fresh_database: FreshDatabase, tmp_path: Path
) -> None:
    dsn = await fresh_database("migrations")
    # Not idempotent on purpose: applying it twice would fail.
    write(tmp_path, "0001_create.sql", "CREATE TABLE once (a int); SELECT pg_sleep(0.2);")
    results = await asyncio.gather(*(migrate_dsn(dsn, tmp_path) for _ in range(4)))
    assert sorted(len(r) for r in results) == [0, 0, 0, 1]


async def test_a_failing_migration_leaves_nothing_behind(
    fresh_database: FreshDatabase, tmp_path: Path
) -> None:
    dsn = await fresh_database("migrations")
    write(tmp_path, "0001_ok.sql", "CREATE TABLE ok (a int);")
    write(tmp_path, "0002_bad.sql", "CREATE TABLE bad (a int); SELECT * FROM missing;")
    with pytest.raises(asyncpg.UndefinedTableError):
        await migrate_dsn(dsn, tmp_path)
    conn = await asyncpg.connect(dsn)
    try:
        assert await conn.fetchval("SELECT to_regclass('ok')") is None
        assert await conn.fetchval("SELECT to_regclass('schema_migrations')") is None
    finally:
        await conn.close()


async def test_an_edited_applied_migration_is_refused(fresh_database: FreshDatabase, tmp_path: Path) -> None:
    dsn = await fresh_database("migrations")
    write(tmp_path, "0001_create.sql", "CREATE TABLE t (a int);")
    await migrate_dsn(dsn, tmp_path)
    write(tmp_path, "0001_create.sql", "CREATE TABLE t (a bigint);")
    conn = await asyncpg.connect(dsn)
    try:
        with pytest.raises(MigrationError, match="changed after it was applied"):
            await migrate(conn, tmp_path)
    finally:
        await conn.close()
