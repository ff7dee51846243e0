"""The chart's migration Job (`python -m servicekit.bus migrate <package>`) and a service
started with MIGRATE_ON_START=false, as in Kubernetes: it checks and refuses a schema
that is behind, rather than migrating from every pod."""

from __future__ import annotations

import asyncio
import json
import os
import sys

import asyncpg
import pytest
from starlette.applications import Starlette

from devstack.servers import Infra
from servicekit.app import create_app, pending_service_migrations
from servicekit.migrations import MigrationError
from servicekit.settings import Settings
from settlement.app import SPEC as SETTLEMENT
from tests.conftest import FreshDatabase
from tests.support import GATEWAY_SECRET


async def test_the_migrate_command_applies_everything_once(fresh_database: FreshDatabase) -> None:
    dsn = await fresh_database("migrate_job")
    env = {**os.environ, "DATABASE_URL": dsn, "REDIS_URL": "redis://127.0.0.1:1/0"}  # never used

    async def migrate() -> dict[str, object]:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "servicekit.bus",
            "migrate",
            "settlement",
            env=env,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        out, err = await process.communicate()
        assert process.returncode == 0, err.decode()
        result: dict[str, object] = json.loads(out)
        return result

    first = await migrate()
    assert first["service"] == "settlement" and "0001_persons" in first["applied"]  # type: ignore[operator]
    assert await migrate() == {"service": "settlement", "applied": []}
    conn = await asyncpg.connect(dsn)
    try:
        assert await pending_service_migrations(conn, SETTLEMENT) == []
    finally:
        await conn.close()


async def _start(app: Starlette) -> None:
    async with app.router.lifespan_context(app):
        pass


async def test_without_migrate_on_start_a_pending_schema_is_refused_then_served(
    fresh_database: FreshDatabase,
    infra: Infra,
) -> None:
    dsn = await fresh_database("no_migrate")
    settings = Settings(
        service_name="settlement",
        database_url=dsn,
        redis_url=infra.redis_url,
        migrate_on_start=False,
        gateway_secret=GATEWAY_SECRET,
    )
    with pytest.raises(
        MigrationError,
        match=r"migrations not applied: kit-0001-event-bus.*servicekit\.bus "
        r"migrate settlement",
    ):
        await _start(create_app(SETTLEMENT, settings))
    conn = await asyncpg.connect(dsn)
    try:
        assert "0001_persons" in await pending_service_migrations(conn, SETTLEMENT)
        assert await conn.fetchval("SELECT to_regclass('persons')") is None, "nothing was migrated"
        # The refused service closed its pool: only this test's own connection is left.
        others = await conn.fetchval(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        assert others == 0
    finally:
        await conn.close()
