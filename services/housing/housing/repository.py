"""Housing's SQL. Batch functions take the pool and a list of keys (servicekit.loaders)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from uuid import UUID

import asyncpg

from servicekit.db import Connection
from servicekit.loaders import batch_many

applications_by_person = batch_many(
    """
    SELECT * FROM public_housing_applications WHERE person_id = ANY($1)
    ORDER BY applied_on, created_at
    """,
    key="person_id",
)
tenancies_by_person = batch_many(
    """
    SELECT * FROM tenancy_registrations WHERE tenant_person_id = ANY($1)
    ORDER BY started_on, created_at
    """,
    key="tenant_person_id",
)


async def lock_person(conn: Connection, person_id: UUID) -> None:
    """Serialise one person's writers, even when they have no row yet."""
    await conn.execute("SELECT pg_advisory_xact_lock(hashtextextended($1::uuid::text, 0))", person_id)


async def person_applications(conn: Connection, person_id: UUID) -> list[asyncpg.Record]:
    """A person's applications, under the person's lock (taken by the caller)."""
    rows: list[asyncpg.Record] = await conn.fetch(
        "SELECT * FROM public_housing_applications WHERE person_id = $1 ORDER BY applied_on, created_at",
        person_id,
    )
    return rows


async def application_row(conn: Connection, application_id: UUID) -> asyncpg.Record | None:
    """One application on the caller's connection (what an idempotent retry returns)."""
    return await conn.fetchrow("SELECT * FROM public_housing_applications WHERE id = $1", application_id)


async def insert_application(
    conn: Connection, person_id: UUID, city_code: str, form: str, applied_on: date
) -> asyncpg.Record:
    row = await conn.fetchrow(
        """
        INSERT INTO public_housing_applications (person_id, city_code, form, applied_on)
        VALUES ($1, $2, $3, $4) RETURNING *
        """,
        person_id,
        city_code,
        form,
        applied_on,
    )
    assert row is not None
    return row


async def decide_application(
    conn: Connection,
    application_id: UUID,
    outcome: str,
    decided_on: date,
    reason: str,
    subsidy_fen: int | None,
) -> asyncpg.Record:
    row = await conn.fetchrow(
        """
        UPDATE public_housing_applications
        SET outcome = $2, decided_on = $3, reason = $4, subsidy_fen = $5, version = version + 1
        WHERE id = $1 RETURNING *
        """,
        application_id,
        outcome,
        decided_on,
        reason,
        subsidy_fen,
    )
    assert row is not None
    return row


async def end_application(conn: Connection, application_id: UUID, ended_on: date) -> asyncpg.Record:
    row = await conn.fetchrow(
        """
        UPDATE public_housing_applications SET ended_on = $2, version = version + 1
        WHERE id = $1 RETURNING *
        """,
        application_id,
        ended_on,
    )
    assert row is not None
    return row


async def queue(pool: asyncpg.Pool, city_prefix: str, day: date, limit: int) -> list[asyncpg.Record]:
    """A city's waiting list: undecided and waitlisted applications, registered poor
    applicants first (优先保障), then by the day they applied. Being registered poor is read
    from the projection of social security's registrations on `day`."""
    rows: list[asyncpg.Record] = await pool.fetch(
        """
        SELECT a.*, EXISTS (
            SELECT 1 FROM poverty_registration_facts p
            WHERE p.person_id = a.person_id AND p.registered_on <= $2
              AND (p.lifted_on IS NULL OR p.lifted_on > $2)
        ) AS priority
        FROM public_housing_applications a
        WHERE (a.outcome IS NULL OR a.outcome = 'WAITLISTED') AND a.city_code LIKE $1 || '%'
        ORDER BY priority DESC, a.applied_on, a.created_at
        LIMIT $3
        """,
        city_prefix,
        day,
        limit,
    )
    return rows


async def tenancy_row(conn: Connection, tenancy_id: UUID) -> asyncpg.Record | None:
    return await conn.fetchrow("SELECT * FROM tenancy_registrations WHERE id = $1", tenancy_id)


async def find_tenancy(
    conn: Connection, person_id: UUID, county_code: str, address: str, started_on: date
) -> asyncpg.Record | None:
    return await conn.fetchrow(
        """
        SELECT * FROM tenancy_registrations
        WHERE tenant_person_id = $1 AND county_code = $2 AND address = $3 AND started_on = $4
        """,
        person_id,
        county_code,
        address,
        started_on,
    )


async def insert_tenancy(
    conn: Connection,
    person_id: UUID,
    landlord_name: str,
    address: str,
    county_code: str,
    started_on: date,
    registered_on: date,
) -> asyncpg.Record:
    row = await conn.fetchrow(
        """
        INSERT INTO tenancy_registrations
            (tenant_person_id, landlord_name, address, county_code, started_on, registered_on)
        VALUES ($1, $2, $3, $4, $5, $6) RETURNING *
        """,
        person_id,
        landlord_name,
        address,
        county_code,
        started_on,
        registered_on,
    )
    assert row is not None
    return row


async def every_row(conn: Connection, table: str) -> AsyncIterator[asyncpg.Record]:
    """Every row of one of housing's tables, for servicekit.bus.snapshot."""
    assert table in {"public_housing_applications", "tenancy_registrations"}
    async for row in conn.cursor(f"SELECT * FROM {table} ORDER BY created_at, id"):
        yield row
