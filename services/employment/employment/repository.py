"""就业 Employment's SQL. Batch functions take the pool and a list of keys (servicekit.loaders)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from uuid import UUID

import asyncpg

from servicekit.db import Connection
from servicekit.loaders import batch_many

employments_by_person = batch_many(
    "SELECT * FROM employments WHERE person_id = ANY($1) ORDER BY started_on, created_at",
    key="person_id",
)
registrations_by_person = batch_many(
    "SELECT * FROM job_seeker_registrations WHERE person_id = ANY($1) ORDER BY registered_on, created_at",
    key="person_id",
)
trainings_by_person = batch_many(
    "SELECT * FROM trainings WHERE person_id = ANY($1) ORDER BY started_on, created_at",
    key="person_id",
)

_TABLES = frozenset({"employments", "job_seeker_registrations", "trainings"})


async def lock_person(conn: Connection, person_id: UUID) -> None:
    """Serialise one person's writers, even before the person has a row."""
    await conn.execute("SELECT pg_advisory_xact_lock(hashtextextended($1::uuid::text, 0))", person_id)


async def row_by_id(conn: Connection, table: str, record_id: UUID) -> asyncpg.Record | None:
    assert table in _TABLES
    return await conn.fetchrow(f"SELECT * FROM {table} WHERE id = $1", record_id)


async def employment_row(conn: Connection, employment_id: UUID) -> asyncpg.Record | None:
    return await row_by_id(conn, "employments", employment_id)


async def registration_row(conn: Connection, registration_id: UUID) -> asyncpg.Record | None:
    return await row_by_id(conn, "job_seeker_registrations", registration_id)


async def training_row(conn: Connection, training_id: UUID) -> asyncpg.Record | None:
    return await row_by_id(conn, "trainings", training_id)


async def person_rows(conn: Connection, table: str, person_id: UUID) -> list[asyncpg.Record]:
    """A person's rows of one table, under the person's lock (taken by the caller)."""
    assert table in _TABLES
    rows: list[asyncpg.Record] = await conn.fetch(
        f"SELECT * FROM {table} WHERE person_id = $1 ORDER BY created_at", person_id
    )
    return rows


async def insert_employment(
    conn: Connection, person_id: UUID, employer: str, industry: str, city_code: str, started_on: date
) -> asyncpg.Record:
    row = await conn.fetchrow(
        """
        INSERT INTO employments (person_id, employer, industry, city_code, started_on)
        VALUES ($1, $2, $3, $4, $5) RETURNING *
        """,
        person_id,
        employer,
        industry,
        city_code,
        started_on,
    )
    assert row is not None
    return row


async def end_employment(conn: Connection, employment_id: UUID, ended_on: date) -> asyncpg.Record:
    # A new version of the record: its EmploymentEnded event carries it.
    row = await conn.fetchrow(
        "UPDATE employments SET ended_on = $2, version = version + 1 WHERE id = $1 RETURNING *",
        employment_id,
        ended_on,
    )
    assert row is not None
    return row


async def insert_registration(
    conn: Connection, person_id: UUID, city_code: str, registered_on: date
) -> asyncpg.Record:
    row = await conn.fetchrow(
        """
        INSERT INTO job_seeker_registrations (person_id, city_code, registered_on)
        VALUES ($1, $2, $3) RETURNING *
        """,
        person_id,
        city_code,
        registered_on,
    )
    assert row is not None
    return row


async def close_registration(conn: Connection, registration_id: UUID, closed_on: date) -> asyncpg.Record:
    row = await conn.fetchrow(
        """
        UPDATE job_seeker_registrations SET closed_on = $2, version = version + 1
        WHERE id = $1 RETURNING *
        """,
        registration_id,
        closed_on,
    )
    assert row is not None
    return row


async def insert_training(
    conn: Connection,
    person_id: UUID,
    kind: str,
    course: str,
    city_code: str,
    started_on: date,
    subsidy_fen: int,
) -> asyncpg.Record:
    row = await conn.fetchrow(
        """
        INSERT INTO trainings (person_id, kind, course, city_code, started_on, subsidy_fen)
        VALUES ($1, $2, $3, $4, $5, $6) RETURNING *
        """,
        person_id,
        kind,
        course,
        city_code,
        started_on,
        subsidy_fen,
    )
    assert row is not None
    return row


async def complete_training(conn: Connection, training_id: UUID, completed_on: date) -> asyncpg.Record:
    row = await conn.fetchrow(
        "UPDATE trainings SET completed_on = $2, version = version + 1 WHERE id = $1 RETURNING *",
        training_id,
        completed_on,
    )
    assert row is not None
    return row


async def every_employment(conn: Connection) -> AsyncIterator[asyncpg.Record]:
    """Every employment record, for servicekit.bus.snapshot."""
    async for row in conn.cursor("SELECT * FROM employments ORDER BY id"):
        yield row
