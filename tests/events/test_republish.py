"""Republishing the current state: records that have no event (written before the outbox
existed) reach the other department; records it already holds are left as they are."""

from __future__ import annotations

import uuid
from datetime import date

import asyncpg

from devstack.servers import Infra
from servicekit.app import BUS_MIGRATIONS
from servicekit.bus.snapshot import republish
from servicekit.migrations import migrate_dsn
from servicekit.settings import BusSettings
from settlement.app import SPEC as SETTLEMENT
from settlement.events import current_state as settlement_state
from social_security.app import SPEC as SOCIAL_SECURITY
from social_security.events import current_state as social_security_state
from tests.bus.support import eventually
from tests.conftest import FreshDatabase, ServeFactory
from tests.events.test_departments import mutate
from tests.ids import make_id_number
from tests.support import ServiceUnderTest, serve_in_process


async def test_republishing_fills_what_other_departments_miss_and_changes_nothing_else(
    serve: ServeFactory,
) -> None:
    settlement = await serve(SETTLEMENT)
    social_security = await serve(SOCIAL_SECURITY)
    known = await mutate(
        settlement,
        "registerPerson",
        "RegisterPersonInput",
        {"name": "林阿土", "idNumber": make_id_number("350121", serial=21)},
    )

    async def known_arrived() -> bool:
        return bool(
            await social_security.pool.fetchval(
                "SELECT count(*) FROM person_facts WHERE person_id = $1::uuid", known
            )
        )

    await eventually(known_arrived)
    known_source = await social_security.pool.fetchval(
        "SELECT source_event_id FROM person_facts WHERE person_id = $1::uuid", known
    )

    # Written before settlement had an outbox: rows, and no event.
    legacy = await settlement.pool.fetchval(
        """
        INSERT INTO persons (name, id_number, birth_date, sex, hukou_type, hukou_region_code,
                             hukou_recorded_on, hukou_version)
        VALUES ('王阿林', $1, '1990-01-01', 'MALE', 'RURAL', '350121', '2001-01-01', 1)
        RETURNING id
        """,
        make_id_number("350121", serial=23),
    )
    permit = await settlement.pool.fetchval(
        """
        INSERT INTO residence_permits (person_id, city_code, issued_on, valid_until, revoked_on,
                                       revocation_reason, version)
        VALUES ($1, '350100', '2020-01-01', '2030-01-01', '2021-06-01', 'left the city', 2)
        RETURNING id
        """,
        legacy,
    )
    registration = await social_security.pool.fetchval(
        """
        INSERT INTO poverty_registrations (person_id, household_number, registered_on, lifted_on,
                                           version)
        VALUES ($1, '350121-0077', '2015-01-01', '2019-12-31', 2) RETURNING id
        """,
        legacy,
    )

    assert await republish(settlement.pool, settlement_state, producer="settlement") == 4
    assert await republish(social_security.pool, social_security_state, producer="social-security") == 1

    async def legacy_arrived() -> bool:
        revoked = await social_security.pool.fetchrow(
            "SELECT * FROM residence_permit_facts WHERE permit_id = $1", permit
        )
        poverty = await settlement.pool.fetchrow(
            "SELECT * FROM poverty_registration_facts WHERE registration_id = $1", registration
        )
        return revoked is not None and poverty is not None

    await eventually(legacy_arrived)
    hukou = await social_security.pool.fetchrow("SELECT * FROM hukou_facts WHERE person_id = $1", legacy)
    assert (hukou["hukou_type"], hukou["region_code"], hukou["version"]) == ("RURAL", "350121", 1)
    revoked = await social_security.pool.fetchrow(
        "SELECT * FROM residence_permit_facts WHERE permit_id = $1", permit
    )
    assert revoked["revoked_on"] == date(2021, 6, 1) and revoked["version"] == 2
    assert revoked["source_event_type"] == "fujian.events.settlement.v1.ResidencePermitRevoked"
    poverty = await settlement.pool.fetchrow(
        "SELECT * FROM poverty_registration_facts WHERE registration_id = $1", registration
    )
    assert poverty["lifted_on"] == date(2019, 12, 31) and poverty["version"] == 2
    # The person social-security already held at that version keeps the event it came from.
    assert (
        await social_security.pool.fetchval(
            "SELECT source_event_id FROM person_facts WHERE person_id = $1::uuid", known
        )
        == known_source
    )
    assert isinstance(known_source, uuid.UUID)


async def test_a_service_whose_outbox_never_held_a_row_publishes_its_state_at_start(
    infra: Infra,
    fresh_database: FreshDatabase,
    bus: BusSettings,
) -> None:
    # A settlement database from before the event bus: records, and no outbox rows.
    dsn = await fresh_database("settlement")
    await migrate_dsn(dsn, BUS_MIGRATIONS)
    await migrate_dsn(dsn, SETTLEMENT.migrations)
    conn = await asyncpg.connect(dsn)
    try:
        await conn.execute(
            """
            INSERT INTO persons (name, id_number, birth_date, sex) VALUES ('王阿林', $1, '1990-01-01', 'MALE')
            """,
            make_id_number("350121", serial=25),
        )
    finally:
        await conn.close()
    async with serve_in_process(SETTLEMENT, dsn, infra.redis_url, bus) as first:
        await initial_state_published(first)
        rows = await first.pool.fetch("SELECT event_type FROM event_outbox")
        assert [r["event_type"] for r in rows] == ["fujian.events.settlement.v1.PersonRegistered"]
    async with serve_in_process(SETTLEMENT, dsn, infra.redis_url, bus) as again:
        await initial_state_published(again)
        assert await again.pool.fetchval("SELECT count(*) FROM event_outbox") == 1  # once only


async def initial_state_published(service: ServiceUnderTest) -> None:
    """Wait for the service's one-off background task that publishes its initial state."""
    (task,) = [t for t in service.app.state.workers if t.get_name() == "initial-state"]
    await task
