"""Health's SQL. Batch functions take the pool and a list of keys (servicekit.loaders)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from datetime import date
from uuid import UUID

import asyncpg

from servicekit.db import Connection
from servicekit.loaders import batch_many

enrolments_by_person = batch_many(
    "SELECT * FROM medical_enrolments WHERE person_id = ANY($1) ORDER BY year, created_at",
    key="person_id",
)

contracts_by_person = batch_many(
    "SELECT * FROM family_doctor_contracts WHERE person_id = ANY($1) ORDER BY signed_on, created_at",
    key="person_id",
)

admissions_by_person = batch_many(
    "SELECT * FROM admissions WHERE person_id = ANY($1) ORDER BY admitted_on, created_at",
    key="person_id",
)

settlements_by_person = batch_many(
    "SELECT * FROM hospital_settlements WHERE person_id = ANY($1) ORDER BY settled_on, created_at",
    key="person_id",
)

_TABLES = frozenset({"medical_enrolments", "family_doctor_contracts", "admissions", "hospital_settlements"})


async def lock_person(conn: Connection, person_id: UUID) -> None:
    """Serialise one person's writers, even before they have a row."""
    await conn.execute("SELECT pg_advisory_xact_lock(hashtextextended($1::uuid::text, 0))", person_id)


async def row_by_id(conn: Connection, table: str, record_id: UUID) -> asyncpg.Record | None:
    assert table in _TABLES
    return await conn.fetchrow(f"SELECT * FROM {table} WHERE id = $1", record_id)


async def enrolment_row(conn: Connection, record_id: UUID) -> asyncpg.Record | None:
    return await row_by_id(conn, "medical_enrolments", record_id)


async def contract_row(conn: Connection, record_id: UUID) -> asyncpg.Record | None:
    return await row_by_id(conn, "family_doctor_contracts", record_id)


async def admission_row(conn: Connection, record_id: UUID) -> asyncpg.Record | None:
    return await row_by_id(conn, "admissions", record_id)


async def settlement_row(conn: Connection, record_id: UUID) -> asyncpg.Record | None:
    return await row_by_id(conn, "hospital_settlements", record_id)


async def person_rows(conn: Connection, table: str, person_id: UUID) -> list[asyncpg.Record]:
    """A person's rows of one table, under the person's lock (taken by the caller)."""
    assert table in _TABLES
    rows: list[asyncpg.Record] = await conn.fetch(
        f"SELECT * FROM {table} WHERE person_id = $1 ORDER BY created_at", person_id
    )
    return rows


async def settlement_of_admission(conn: Connection, admission_id: UUID) -> asyncpg.Record | None:
    return await conn.fetchrow("SELECT * FROM hospital_settlements WHERE admission_id = $1", admission_id)


async def insert_enrolment(
    conn: Connection,
    person_id: UUID,
    year: int,
    city_code: str,
    premium_fen: int,
    paid_by_government_fen: int,
    enrolled_on: date,
    covers: Sequence[str],
) -> asyncpg.Record:
    row = await conn.fetchrow(
        """
        INSERT INTO medical_enrolments
            (person_id, year, city_code, premium_fen, paid_by_government_fen, enrolled_on, covers)
        VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *
        """,
        person_id,
        year,
        city_code,
        premium_fen,
        paid_by_government_fen,
        enrolled_on,
        list(covers),
    )
    assert row is not None
    return row


async def insert_contract(
    conn: Connection,
    person_id: UUID,
    clinic: str,
    signed_on: date,
    ends_on: date | None,
    fee_fen: int,
    subsidy_fen: int,
    chronic_diseases: Sequence[str],
) -> asyncpg.Record:
    row = await conn.fetchrow(
        """
        INSERT INTO family_doctor_contracts
            (person_id, clinic, signed_on, ends_on, fee_fen, subsidy_fen, chronic_diseases)
        VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *
        """,
        person_id,
        clinic,
        signed_on,
        ends_on,
        fee_fen,
        subsidy_fen,
        list(chronic_diseases),
    )
    assert row is not None
    return row


async def insert_admission(
    conn: Connection,
    person_id: UUID,
    hospital: str,
    county_code: str,
    designated: bool,
    admitted_on: date,
    treat_first_pay_later: bool,
) -> asyncpg.Record:
    row = await conn.fetchrow(
        """
        INSERT INTO admissions
            (person_id, hospital, county_code, designated, admitted_on, treat_first_pay_later)
        VALUES ($1, $2, $3, $4, $5, $6) RETURNING *
        """,
        person_id,
        hospital,
        county_code,
        designated,
        admitted_on,
        treat_first_pay_later,
    )
    assert row is not None
    return row


async def insert_settlement(
    conn: Connection,
    admission_id: UUID,
    person_id: UUID,
    settled_on: date,
    total_fen: int,
    reimbursed_fen: int,
) -> asyncpg.Record:
    row = await conn.fetchrow(
        """
        INSERT INTO hospital_settlements (admission_id, person_id, settled_on, total_fen, reimbursed_fen)
        VALUES ($1, $2, $3, $4, $5) RETURNING *
        """,
        admission_id,
        person_id,
        settled_on,
        total_fen,
        reimbursed_fen,
    )
    assert row is not None
    return row


async def every_row(conn: Connection, table: str) -> AsyncIterator[asyncpg.Record]:
    """Every row of one of the tables above, for servicekit.bus.snapshot."""
    assert table in _TABLES
    async for row in conn.cursor(f"SELECT * FROM {table} ORDER BY id"):
        yield row
