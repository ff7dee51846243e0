"""Social security's SQL. Batch functions take the pool and a list of keys."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from uuid import UUID

import asyncpg

from servicekit.db import Connection
from servicekit.loaders import batch_many, batch_one

registrations_by_person = batch_many(
    """
    SELECT * FROM poverty_registrations WHERE person_id = ANY($1)
    ORDER BY registered_on, created_at
    """,
    key="person_id",
)


async def registrations_by_household(pool: asyncpg.Pool, household_number: str) -> list[asyncpg.Record]:
    rows: list[asyncpg.Record] = await pool.fetch(
        """
        SELECT * FROM poverty_registrations WHERE household_number = $1
        ORDER BY registered_on, created_at
        """,
        household_number,
    )
    return rows


async def registration_row(conn: Connection, registration_id: UUID) -> asyncpg.Record | None:
    """One registration on the caller's connection (an idempotent replay returns it)."""
    return await conn.fetchrow("SELECT * FROM poverty_registrations WHERE id = $1", registration_id)


async def lock_registrations(conn: Connection, person_id: UUID) -> list[asyncpg.Record]:
    # Serialise writers for one person even when they have no row yet.
    await conn.execute("SELECT pg_advisory_xact_lock(hashtextextended($1::uuid::text, 0))", person_id)
    rows: list[asyncpg.Record] = await conn.fetch(
        "SELECT * FROM poverty_registrations WHERE person_id = $1 ORDER BY registered_on",
        person_id,
    )
    return rows


async def insert_registration(
    conn: Connection, person_id: UUID, household_number: str, registered_on: date
) -> asyncpg.Record:
    row = await conn.fetchrow(
        """
        INSERT INTO poverty_registrations (person_id, household_number, registered_on)
        VALUES ($1, $2, $3) RETURNING *
        """,
        person_id,
        household_number,
        registered_on,
    )
    assert row is not None
    return row


async def lift_registration(conn: Connection, registration_id: UUID, lifted_on: date) -> asyncpg.Record:
    # A new version of the registration: its PovertyLifted event carries it.
    row = await conn.fetchrow(
        """
        UPDATE poverty_registrations SET lifted_on = $2, version = version + 1
        WHERE id = $1 RETURNING *
        """,
        registration_id,
        lifted_on,
    )
    assert row is not None
    return row


# Settlement's facts as social security's projections hold them (social_security.projections
# writes them). One statement per batch of persons, whatever their number.

person_facts_by_person = batch_one(
    "SELECT * FROM person_facts WHERE person_id = ANY($1)",
    key="person_id",
)

hukou_facts_by_person = batch_one(
    "SELECT * FROM hukou_facts WHERE person_id = ANY($1)",
    key="person_id",
)

residence_permit_facts_by_person = batch_many(
    """
    SELECT * FROM residence_permit_facts WHERE person_id = ANY($1)
    ORDER BY issued_on, permit_id
    """,
    key="person_id",
)

residence_period_facts_by_person = batch_many(
    """
    SELECT * FROM residence_period_facts WHERE person_id = ANY($1)
    ORDER BY started_on, period_id
    """,
    key="person_id",
)


async def every_registration(conn: Connection) -> AsyncIterator[asyncpg.Record]:
    """Every registration, for servicekit.bus.snapshot."""
    async for row in conn.cursor("SELECT * FROM poverty_registrations ORDER BY id"):
        yield row
