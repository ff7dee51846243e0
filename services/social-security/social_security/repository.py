"""Social security's SQL. Batch functions take the pool and a list of keys."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from uuid import UUID

import asyncpg

from servicekit.db import Connection
from servicekit.loaders import batch_many

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


# Insurance enrolments, work injuries, assistance and disability (clauses 九–十一).

enrolments_by_person = batch_many(
    "SELECT * FROM insurance_enrolments WHERE person_id = ANY($1) ORDER BY started_on, created_at",
    key="person_id",
)

injuries_by_person = batch_many(
    "SELECT * FROM work_injuries WHERE person_id = ANY($1) ORDER BY recognized_on, created_at",
    key="person_id",
)

assistance_by_person = batch_many(
    "SELECT * FROM assistance_grants WHERE person_id = ANY($1) ORDER BY started_on, created_at",
    key="person_id",
)

disabilities_by_person = batch_many(
    "SELECT * FROM disability_statuses WHERE person_id = ANY($1) ORDER BY certified_on, created_at",
    key="person_id",
)


async def lock_person(conn: Connection, person_id: UUID) -> None:
    """Serialise one person's writers (the same lock as `lock_registrations`)."""
    await conn.execute("SELECT pg_advisory_xact_lock(hashtextextended($1::uuid::text, 0))", person_id)


async def row_by_id(conn: Connection, table: str, record_id: UUID) -> asyncpg.Record | None:
    assert table in _TABLES
    return await conn.fetchrow(f"SELECT * FROM {table} WHERE id = $1", record_id)


_TABLES = frozenset({"insurance_enrolments", "work_injuries", "assistance_grants", "disability_statuses"})


async def enrolment_row(conn: Connection, enrolment_id: UUID) -> asyncpg.Record | None:
    return await row_by_id(conn, "insurance_enrolments", enrolment_id)


async def injury_row(conn: Connection, injury_id: UUID) -> asyncpg.Record | None:
    return await row_by_id(conn, "work_injuries", injury_id)


async def assistance_row(conn: Connection, assistance_id: UUID) -> asyncpg.Record | None:
    return await row_by_id(conn, "assistance_grants", assistance_id)


async def disability_row(conn: Connection, disability_id: UUID) -> asyncpg.Record | None:
    return await row_by_id(conn, "disability_statuses", disability_id)


async def person_rows(conn: Connection, table: str, person_id: UUID) -> list[asyncpg.Record]:
    """A person's rows of one table, under the person's lock (taken by the caller)."""
    assert table in _TABLES
    rows: list[asyncpg.Record] = await conn.fetch(
        f"SELECT * FROM {table} WHERE person_id = $1 ORDER BY created_at",
        person_id,
    )
    return rows


async def insert_enrolment(
    conn: Connection,
    person_id: UUID,
    scheme: str,
    started_on: date,
    employer: str | None,
    project: str | None,
    worker_contributes: bool,
    premium_paid_by_government: bool,
) -> asyncpg.Record:
    row = await conn.fetchrow(
        """
        INSERT INTO insurance_enrolments
            (person_id, scheme, started_on, employer, project, worker_contributes,
             premium_paid_by_government)
        VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *
        """,
        person_id,
        scheme,
        started_on,
        employer,
        project,
        worker_contributes,
        premium_paid_by_government,
    )
    assert row is not None
    return row


async def end_enrolment(conn: Connection, enrolment_id: UUID, ended_on: date, reason: str) -> asyncpg.Record:
    row = await conn.fetchrow(
        """
        UPDATE insurance_enrolments SET ended_on = $2, end_reason = $3, version = version + 1
        WHERE id = $1 RETURNING *
        """,
        enrolment_id,
        ended_on,
        reason,
    )
    assert row is not None
    return row


async def insert_injury(
    conn: Connection, person_id: UUID, enrolment_id: UUID, recognized_on: date
) -> asyncpg.Record:
    row = await conn.fetchrow(
        """
        INSERT INTO work_injuries (person_id, enrolment_id, recognized_on)
        VALUES ($1, $2, $3) RETURNING *
        """,
        person_id,
        enrolment_id,
        recognized_on,
    )
    assert row is not None
    return row


async def insert_assistance(
    conn: Connection,
    person_id: UUID,
    kind: str,
    started_on: date,
    ends_on: date | None,
    amount_fen: int,
    period: str,
) -> asyncpg.Record:
    row = await conn.fetchrow(
        """
        INSERT INTO assistance_grants (person_id, kind, started_on, ends_on, amount_fen, period)
        VALUES ($1, $2, $3, $4, $5, $6) RETURNING *
        """,
        person_id,
        kind,
        started_on,
        ends_on,
        amount_fen,
        period,
    )
    assert row is not None
    return row


async def end_assistance(conn: Connection, assistance_id: UUID, ended_on: date) -> asyncpg.Record:
    row = await conn.fetchrow(
        """
        UPDATE assistance_grants SET ended_on = $2, version = version + 1
        WHERE id = $1 RETURNING *
        """,
        assistance_id,
        ended_on,
    )
    assert row is not None
    return row


async def insert_disability(
    conn: Connection, person_id: UUID, category: str, grade: int, certified_on: date
) -> asyncpg.Record:
    row = await conn.fetchrow(
        """
        INSERT INTO disability_statuses (person_id, category, grade, certified_on)
        VALUES ($1, $2, $3, $4) RETURNING *
        """,
        person_id,
        category,
        grade,
        certified_on,
    )
    assert row is not None
    return row


async def revoke_disability(conn: Connection, disability_id: UUID, revoked_on: date) -> asyncpg.Record:
    row = await conn.fetchrow(
        """
        UPDATE disability_statuses SET revoked_on = $2, version = version + 1
        WHERE id = $1 RETURNING *
        """,
        disability_id,
        revoked_on,
    )
    assert row is not None
    return row


async def every_row(conn: Connection, table: str) -> AsyncIterator[asyncpg.Record]:
    """Every row of one of the tables above, for servicekit.bus.snapshot."""
    assert table in _TABLES
    async for row in conn.cursor(f"SELECT * FROM {table} ORDER BY id"):
        yield row


async def every_registration(conn: Connection) -> AsyncIterator[asyncpg.Record]:
    """Every registration, for servicekit.bus.snapshot."""
    async for row in conn.cursor("SELECT * FROM poverty_registrations ORDER BY id"):
        yield row
