"""Settlement's SQL. Batch functions take the pool and a list of keys (see servicekit.loaders)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from uuid import UUID

import asyncpg

from servicekit.db import Connection
from servicekit.loaders import batch_many, batch_one

PERSON_COLUMNS = """
    id, name, id_number, birth_date, sex, version,
    hukou_type, hukou_region_code, hukou_recorded_on, hukou_version
"""

persons_by_ids = batch_one(
    f"SELECT {PERSON_COLUMNS} FROM persons WHERE id = ANY($1)",
    key="id",
)


async def person_by_id_number(pool: asyncpg.Pool, id_number: str) -> asyncpg.Record | None:
    return await pool.fetchrow(f"SELECT {PERSON_COLUMNS} FROM persons WHERE id_number = $1", id_number)


async def persons_in_region(
    pool: asyncpg.Pool, prefix: str, *, after: UUID | None, limit: int
) -> list[asyncpg.Record]:
    rows: list[asyncpg.Record] = await pool.fetch(
        f"""
        SELECT {PERSON_COLUMNS} FROM persons
        WHERE hukou_region_code LIKE $1 || '%' AND ($2::uuid IS NULL OR id > $2)
        ORDER BY id
        LIMIT $3
        """,
        prefix,
        after,
        limit,
    )
    return rows


permits_by_person = batch_many(
    """
    SELECT * FROM residence_permits WHERE person_id = ANY($1)
    ORDER BY issued_on, created_at
    """,
    key="person_id",
)


async def persons_without_hukou(
    pool: asyncpg.Pool, residence_prefix: str | None, *, after: UUID | None, limit: int
) -> list[asyncpg.Record]:
    """Persons with no hukou recorded; with a prefix, only those with an ongoing
    residence period in that region."""
    rows: list[asyncpg.Record] = await pool.fetch(
        f"""
        SELECT {PERSON_COLUMNS} FROM persons p
        WHERE hukou_type IS NULL AND ($2::uuid IS NULL OR id > $2)
          AND ($1::text IS NULL OR EXISTS (
                SELECT 1 FROM residence_periods r
                WHERE r.person_id = p.id AND r.ended_on IS NULL
                  AND r.city_code LIKE $1 || '%'))
        ORDER BY id
        LIMIT $3
        """,
        residence_prefix,
        after,
        limit,
    )
    return rows


periods_by_person = batch_many(
    "SELECT * FROM residence_periods WHERE person_id = ANY($1) ORDER BY started_on",
    key="person_id",
)


hukou_history_by_person = batch_many(
    """
    SELECT * FROM hukou_records WHERE person_id = ANY($1)
    ORDER BY recorded_on, id
    """,
    key="person_id",
)


# --- one row by id on the caller's connection: what an idempotent replay returns ---------


async def person_row(conn: Connection, person_id: UUID) -> asyncpg.Record | None:
    return await conn.fetchrow(f"SELECT {PERSON_COLUMNS} FROM persons WHERE id = $1", person_id)


async def permit_row(conn: Connection, permit_id: UUID) -> asyncpg.Record | None:
    return await conn.fetchrow("SELECT * FROM residence_permits WHERE id = $1", permit_id)


async def period_row(conn: Connection, period_id: UUID) -> asyncpg.Record | None:
    return await conn.fetchrow("SELECT * FROM residence_periods WHERE id = $1", period_id)


# --- writes: each takes a connection inside the caller's transaction -----------------------


async def insert_person(
    conn: Connection, *, name: str, id_number: str, birth_date: date, sex: str
) -> asyncpg.Record | None:
    """The new person, or None when the ID number is already registered."""
    return await conn.fetchrow(
        f"""
        INSERT INTO persons (name, id_number, birth_date, sex) VALUES ($1, $2, $3, $4)
        ON CONFLICT (id_number) DO NOTHING
        RETURNING {PERSON_COLUMNS}
        """,
        name,
        id_number,
        birth_date,
        sex,
    )


async def lock_person(conn: Connection, person_id: UUID) -> asyncpg.Record | None:
    return await conn.fetchrow(f"SELECT {PERSON_COLUMNS} FROM persons WHERE id = $1 FOR UPDATE", person_id)


async def record_hukou(
    conn: Connection, person_id: UUID, hukou_type: str, region_code: str, recorded_on: date
) -> asyncpg.Record:
    await conn.execute(
        """
        INSERT INTO hukou_records (person_id, hukou_type, region_code, recorded_on)
        VALUES ($1, $2, $3, $4)
        """,
        person_id,
        hukou_type,
        region_code,
        recorded_on,
    )
    row = await conn.fetchrow(
        f"""
        UPDATE persons SET hukou_type = $2, hukou_region_code = $3, hukou_recorded_on = $4,
                           hukou_version = hukou_version + 1
        WHERE id = $1
        RETURNING {PERSON_COLUMNS}
        """,
        person_id,
        hukou_type,
        region_code,
        recorded_on,
    )
    assert row is not None
    return row


async def insert_permit(
    conn: Connection, person_id: UUID, city_code: str, issued_on: date, valid_until: date
) -> asyncpg.Record:
    row = await conn.fetchrow(
        """
        INSERT INTO residence_permits (person_id, city_code, issued_on, valid_until)
        VALUES ($1, $2, $3, $4) RETURNING *
        """,
        person_id,
        city_code,
        issued_on,
        valid_until,
    )
    assert row is not None
    return row


async def lock_permit(conn: Connection, permit_id: UUID) -> asyncpg.Record | None:
    return await conn.fetchrow("SELECT * FROM residence_permits WHERE id = $1 FOR UPDATE", permit_id)


async def renew_permit(conn: Connection, permit_id: UUID, valid_until: date) -> asyncpg.Record:
    # The new valid_until has not been published as expired, whether it lies in the
    # future (the usual case) or is still past (a renewal recorded late): clearing the
    # flag lets the sweep publish the expiry of the new end date when it comes.
    row = await conn.fetchrow(
        """
        UPDATE residence_permits
        SET valid_until = $2, version = version + 1, expiry_published = false
        WHERE id = $1 RETURNING *
        """,
        permit_id,
        valid_until,
    )
    assert row is not None
    return row


async def revoke_permit(conn: Connection, permit_id: UUID, revoked_on: date, reason: str) -> asyncpg.Record:
    row = await conn.fetchrow(
        """
        UPDATE residence_permits
        SET revoked_on = $2, revocation_reason = $3, version = version + 1
        WHERE id = $1 RETURNING *
        """,
        permit_id,
        revoked_on,
        reason,
    )
    assert row is not None
    return row


async def mark_expired_permits(conn: Connection, as_of: date, limit: int) -> list[asyncpg.Record]:
    """Up to `limit` permits that ended before `as_of` and whose expiry is unpublished,
    marked published with a new version, in end-date order.

    SKIP LOCKED: a permit another transaction holds (a replica's sweep, a renewal or a
    revocation in progress) is left to that transaction; the next sweep sees what it did.
    """
    rows: list[asyncpg.Record] = await conn.fetch(
        """
        WITH due AS (
            SELECT id FROM residence_permits
            WHERE valid_until < $1 AND revoked_on IS NULL AND NOT expiry_published
            ORDER BY valid_until, id
            LIMIT $2
            FOR UPDATE SKIP LOCKED
        )
        UPDATE residence_permits p SET version = p.version + 1, expiry_published = true
        FROM due WHERE p.id = due.id
        RETURNING p.*
        """,
        as_of,
        limit,
    )
    return sorted(rows, key=lambda r: (r["valid_until"], r["id"]))


async def period_overlaps(conn: Connection, person_id: UUID, started_on: date, ended_on: date | None) -> bool:
    """Whether [started_on, ended_on] meets a recorded period (call with the person locked)."""
    return bool(
        await conn.fetchval(
            """
            SELECT EXISTS (
                SELECT 1 FROM residence_periods
                WHERE person_id = $1
                  AND daterange(started_on, ended_on, '[]') && daterange($2, $3, '[]')
            )
            """,
            person_id,
            started_on,
            ended_on,
        )
    )


async def insert_period(
    conn: Connection,
    person_id: UUID,
    city_code: str,
    started_on: date,
    ended_on: date | None,
) -> asyncpg.Record:
    row = await conn.fetchrow(
        """
        INSERT INTO residence_periods (person_id, city_code, started_on, ended_on)
        VALUES ($1, $2, $3, $4) RETURNING *
        """,
        person_id,
        city_code,
        started_on,
        ended_on,
    )
    assert row is not None
    return row


# --- the current state of everything, for servicekit.bus.snapshot -----------------------


async def every_person(conn: Connection) -> AsyncIterator[asyncpg.Record]:
    async for row in conn.cursor(f"SELECT {PERSON_COLUMNS} FROM persons ORDER BY id"):
        yield row


async def every_permit(conn: Connection) -> AsyncIterator[asyncpg.Record]:
    async for row in conn.cursor("SELECT * FROM residence_permits ORDER BY id"):
        yield row


async def every_period(conn: Connection) -> AsyncIterator[asyncpg.Record]:
    async for row in conn.cursor("SELECT * FROM residence_periods ORDER BY id"):
        yield row


# --- households (户) ----------------------------------------------------------------------

MEMBER_COLUMNS = """
    m.id, m.household_id, m.person_id, m.relation, m.joined_on, m.left_on, m.version,
    h.head_person_id, h.region_code
"""

# The household each person belongs to now, or last belonged to (newest membership).
household_by_person = batch_one(
    """
    SELECT DISTINCT ON (m.person_id) m.person_id, m.left_on AS member_left_on, h.*
    FROM household_members m JOIN households h ON h.id = m.household_id
    WHERE m.person_id = ANY($1)
    ORDER BY m.person_id, (m.left_on IS NULL) DESC, m.joined_on DESC, m.created_at DESC
    """,
    key="person_id",
)

members_by_household = batch_many(
    f"""
    SELECT {MEMBER_COLUMNS}
    FROM household_members m JOIN households h ON h.id = m.household_id
    WHERE m.household_id = ANY($1)
    ORDER BY m.joined_on, m.created_at
    """,
    key="household_id",
)

# The residence periods of every member of the households the given persons belong to
# (for 举家迁徙), keyed by the person asked about: one statement for many persons.
household_periods_by_person = batch_many(
    """
    WITH mine AS (
        SELECT DISTINCT ON (person_id) person_id, household_id FROM household_members
        WHERE person_id = ANY($1)
        ORDER BY person_id, (left_on IS NULL) DESC, joined_on DESC, created_at DESC
    )
    SELECT mine.person_id AS subject_id, p.*
    FROM mine
    JOIN household_members other ON other.household_id = mine.household_id
    JOIN residence_periods p ON p.person_id = other.person_id
    ORDER BY p.started_on
    """,
    key="subject_id",
)


async def household_row(conn: Connection, household_id: UUID) -> asyncpg.Record | None:
    return await conn.fetchrow("SELECT * FROM households WHERE id = $1", household_id)


async def lock_household(conn: Connection, household_id: UUID) -> asyncpg.Record | None:
    return await conn.fetchrow("SELECT * FROM households WHERE id = $1 FOR UPDATE", household_id)


async def current_membership(conn: Connection, person_id: UUID) -> asyncpg.Record | None:
    """The person's membership that has not ended (call with the person locked)."""
    return await conn.fetchrow(
        f"""
        SELECT {MEMBER_COLUMNS}
        FROM household_members m JOIN households h ON h.id = m.household_id
        WHERE m.person_id = $1 AND m.left_on IS NULL
        """,
        person_id,
    )


async def insert_household(
    conn: Connection, head_person_id: UUID, region_code: str, created_on: date
) -> asyncpg.Record:
    row = await conn.fetchrow(
        "INSERT INTO households (head_person_id, region_code, created_on) VALUES ($1, $2, $3) RETURNING *",
        head_person_id,
        region_code,
        created_on,
    )
    assert row is not None
    return row


async def insert_member(
    conn: Connection, household_id: UUID, person_id: UUID, relation: str, joined_on: date
) -> asyncpg.Record:
    """The new membership, with its household's head and region (for its event)."""
    row = await conn.fetchrow(
        f"""
        WITH m AS (
            INSERT INTO household_members (household_id, person_id, relation, joined_on)
            VALUES ($1, $2, $3, $4) RETURNING *
        )
        SELECT {MEMBER_COLUMNS} FROM m JOIN households h ON h.id = m.household_id
        """,
        household_id,
        person_id,
        relation,
        joined_on,
    )
    assert row is not None
    return row


async def end_membership(conn: Connection, member_id: UUID, left_on: date) -> asyncpg.Record:
    row = await conn.fetchrow(
        f"""
        WITH m AS (
            UPDATE household_members SET left_on = $2, version = version + 1
            WHERE id = $1 RETURNING *
        )
        SELECT {MEMBER_COLUMNS} FROM m JOIN households h ON h.id = m.household_id
        """,
        member_id,
        left_on,
    )
    assert row is not None
    return row


async def touch_household(conn: Connection, household_id: UUID) -> asyncpg.Record:
    """A change of members raises the household's version; returns the household."""
    row = await conn.fetchrow(
        "UPDATE households SET version = version + 1 WHERE id = $1 RETURNING *", household_id
    )
    assert row is not None
    return row


# --- applications to settle (落户) ------------------------------------------------------

applications_by_person = batch_many(
    """
    SELECT * FROM settlement_applications WHERE person_id = ANY($1)
    ORDER BY applied_on, created_at
    """,
    key="person_id",
)


async def application_row(conn: Connection, application_id: UUID) -> asyncpg.Record | None:
    return await conn.fetchrow("SELECT * FROM settlement_applications WHERE id = $1", application_id)


async def lock_application(conn: Connection, application_id: UUID) -> asyncpg.Record | None:
    return await conn.fetchrow(
        "SELECT * FROM settlement_applications WHERE id = $1 FOR UPDATE", application_id
    )


async def open_application(conn: Connection, person_id: UUID) -> asyncpg.Record | None:
    return await conn.fetchrow(
        "SELECT * FROM settlement_applications WHERE person_id = $1 AND outcome IS NULL", person_id
    )


async def insert_application(
    conn: Connection,
    person_id: UUID,
    region_code: str,
    applied_on: date,
    *,
    land_contract: bool,
    homestead: bool,
    collective_income: bool,
) -> asyncpg.Record:
    row = await conn.fetchrow(
        """
        INSERT INTO settlement_applications
            (person_id, region_code, applied_on, land_contract, homestead, collective_income)
        VALUES ($1, $2, $3, $4, $5, $6) RETURNING *
        """,
        person_id,
        region_code,
        applied_on,
        land_contract,
        homestead,
        collective_income,
    )
    assert row is not None
    return row


async def decide_application(
    conn: Connection, application_id: UUID, outcome: str, decided_on: date, reason: str | None
) -> asyncpg.Record:
    row = await conn.fetchrow(
        """
        UPDATE settlement_applications
        SET outcome = $2, decided_on = $3, reason = $4, version = version + 1
        WHERE id = $1 RETURNING *
        """,
        application_id,
        outcome,
        decided_on,
        reason,
    )
    assert row is not None
    return row


async def every_membership(conn: Connection) -> AsyncIterator[asyncpg.Record]:
    async for row in conn.cursor(
        f"SELECT {MEMBER_COLUMNS} FROM household_members m JOIN households h ON h.id = m.household_id "
        "ORDER BY m.id"
    ):
        yield row


async def every_decided_application(conn: Connection) -> AsyncIterator[asyncpg.Record]:
    async for row in conn.cursor(
        "SELECT * FROM settlement_applications WHERE outcome IS NOT NULL ORDER BY id"
    ):
        yield row
