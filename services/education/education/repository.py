"""Education's SQL. Batch functions take the pool and a list of keys (servicekit.loaders)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from uuid import UUID

import asyncpg

from servicekit.db import Connection
from servicekit.loaders import batch_many

# --- own records -----------------------------------------------------------------------

enrolments_by_person = batch_many(
    "SELECT * FROM enrolments WHERE person_id = ANY($1) ORDER BY started_on, created_at",
    key="person_id",
)
graduations_by_person = batch_many(
    "SELECT * FROM graduations WHERE person_id = ANY($1) ORDER BY graduated_on, created_at",
    key="person_id",
)
aid_by_person = batch_many(
    "SELECT * FROM student_aid WHERE person_id = ANY($1) ORDER BY granted_on, created_at",
    key="person_id",
)

# --- own projections (education.projections) -------------------------------------------

memberships_by_person = batch_many(
    "SELECT * FROM household_membership_facts WHERE person_id = ANY($1) ORDER BY joined_on, household_id",
    key="person_id",
)
memberships_by_household = batch_many(
    """
    SELECT * FROM household_membership_facts WHERE household_id = ANY($1)
    ORDER BY joined_on, person_id
    """,
    key="household_id",
)
dibao_by_person = batch_many(
    "SELECT * FROM dibao_facts WHERE person_id = ANY($1) ORDER BY started_on, assistance_id",
    key="person_id",
)
disabilities_by_person = batch_many(
    "SELECT * FROM disability_facts WHERE person_id = ANY($1) ORDER BY certified_on, disability_id",
    key="person_id",
)

_TABLES = frozenset({"enrolments", "graduations", "student_aid"})


async def lock_person(conn: Connection, person_id: UUID) -> None:
    """Serialise one person's writers."""
    await conn.execute("SELECT pg_advisory_xact_lock(hashtextextended($1::uuid::text, 0))", person_id)


async def row_by_id(conn: Connection, table: str, record_id: UUID) -> asyncpg.Record | None:
    assert table in _TABLES
    return await conn.fetchrow(f"SELECT * FROM {table} WHERE id = $1", record_id)


async def enrolment_row(conn: Connection, enrolment_id: UUID) -> asyncpg.Record | None:
    return await row_by_id(conn, "enrolments", enrolment_id)


async def aid_row(conn: Connection, aid_id: UUID) -> asyncpg.Record | None:
    return await row_by_id(conn, "student_aid", aid_id)


async def person_rows(conn: Connection, table: str, person_id: UUID) -> list[asyncpg.Record]:
    """A person's rows of one table, under the person's lock (taken by the caller)."""
    assert table in _TABLES
    rows: list[asyncpg.Record] = await conn.fetch(
        f"SELECT * FROM {table} WHERE person_id = $1 ORDER BY created_at", person_id
    )
    return rows


async def insert_enrolment(
    conn: Connection,
    person_id: UUID,
    level: str,
    grade: int | None,
    school: str,
    city_code: str,
    public_school: bool,
    started_on: date,
) -> asyncpg.Record:
    row = await conn.fetchrow(
        """
        INSERT INTO enrolments (person_id, level, grade, school, city_code, public_school, started_on)
        VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *
        """,
        person_id,
        level,
        grade,
        school,
        city_code,
        public_school,
        started_on,
    )
    assert row is not None
    return row


async def end_enrolment(conn: Connection, enrolment_id: UUID, ended_on: date, reason: str) -> asyncpg.Record:
    row = await conn.fetchrow(
        """
        UPDATE enrolments SET ended_on = $2, end_reason = $3, version = version + 1
        WHERE id = $1 RETURNING *
        """,
        enrolment_id,
        ended_on,
        reason,
    )
    assert row is not None
    return row


async def insert_graduation(
    conn: Connection, person_id: UUID, enrolment_id: UUID, graduated_on: date
) -> asyncpg.Record:
    row = await conn.fetchrow(
        """
        INSERT INTO graduations (person_id, enrolment_id, graduated_on, graduation_year)
        VALUES ($1, $2, $3, $4) RETURNING *
        """,
        person_id,
        enrolment_id,
        graduated_on,
        graduated_on.year,
    )
    assert row is not None
    return row


async def insert_aid(
    conn: Connection, person_id: UUID, enrolment_id: UUID, kind: str, amount_fen: int, granted_on: date
) -> asyncpg.Record:
    row = await conn.fetchrow(
        """
        INSERT INTO student_aid (person_id, enrolment_id, kind, amount_fen, granted_on)
        VALUES ($1, $2, $3, $4, $5) RETURNING *
        """,
        person_id,
        enrolment_id,
        kind,
        amount_fen,
        granted_on,
    )
    assert row is not None
    return row


async def graduation_of(conn: Connection, enrolment_id: UUID) -> asyncpg.Record | None:
    return await conn.fetchrow("SELECT * FROM graduations WHERE enrolment_id = $1", enrolment_id)


async def every_row(conn: Connection, table: str) -> AsyncIterator[asyncpg.Record]:
    """Every row of one of education's tables, for servicekit.bus.snapshot."""
    assert table in _TABLES
    async for row in conn.cursor(f"SELECT * FROM {table} ORDER BY id"):
        yield row


async def enrolments_by_ids(conn: Connection, ids: list[UUID]) -> dict[UUID, asyncpg.Record]:
    rows = await conn.fetch("SELECT * FROM enrolments WHERE id = ANY($1)", ids)
    return {r["id"]: r for r in rows}
