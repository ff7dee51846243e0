"""Fact packs: a department declares the shared facts it projects, and gets their tables,
handlers and loaders from the kit — on a fresh database, and on one where the department
had created the same tables itself before the kit held them."""

from __future__ import annotations

from pathlib import Path

import asyncpg

from servicekit.app import ServiceSpec, migrate_service, pending_service_migrations
from servicekit.facts.pack import subscribe
from servicekit.facts.poverty import POVERTY_FACTS
from servicekit.facts.settlement import SETTLEMENT_FACTS
from social_security.app import SPEC as SOCIAL_SECURITY
from tests.conftest import FreshDatabase


def test_a_subscription_joins_the_packs_and_the_departments_own() -> None:
    subscription = subscribe(
        SETTLEMENT_FACTS, POVERTY_FACTS, producers=["employment"], projection_tables=["employer_facts"]
    )
    assert subscription.producers == ("settlement", "social-security", "employment")
    assert subscription.projection_tables == (
        *SETTLEMENT_FACTS.tables,
        *POVERTY_FACTS.tables,
        "employer_facts",
    )
    assert "fujian.events.settlement.v1.HukouChanged" in subscription.handlers
    assert "fujian.events.social_security.v1.PovertyLifted" in subscription.handlers


async def test_a_departments_pack_tables_come_from_the_kits_migrations(
    fresh_database: FreshDatabase, tmp_path: Path
) -> None:
    spec = ServiceSpec(
        name="probe",
        schema=SOCIAL_SECURITY.schema,
        migrations=tmp_path,  # no migrations of its own
        subscription=subscribe(SETTLEMENT_FACTS, POVERTY_FACTS),
        facts=(SETTLEMENT_FACTS, POVERTY_FACTS),
    )
    conn = await asyncpg.connect(await fresh_database("packs"))
    try:
        assert "kit-facts-poverty-0001" in await pending_service_migrations(conn, spec)
        await migrate_service(conn, spec)
        assert await pending_service_migrations(conn, spec) == []
        tables = {r["tablename"] for r in await conn.fetch("SELECT tablename FROM pg_tables")}
        assert set(SETTLEMENT_FACTS.tables) | set(POVERTY_FACTS.tables) <= tables
    finally:
        await conn.close()


async def test_the_kit_migration_keeps_tables_a_department_made_before(fresh_database: FreshDatabase) -> None:
    # Social security's own migration 0003 created the settlement fact tables; the pack's
    # migration after it changes nothing and records itself.
    conn = await asyncpg.connect(await fresh_database("packs"))
    try:
        applied = await migrate_service(conn, SOCIAL_SECURITY)
        assert "0003_settlement_fact_projections" in applied and "kit-facts-settlement-0001" in applied
        assert await pending_service_migrations(conn, SOCIAL_SECURITY) == []
    finally:
        await conn.close()
