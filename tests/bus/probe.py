"""A producer and a consumer service built only from the kit, to test the bus itself.

They publish and consume the kit's test contract (proto/fujian/events/testing/v1/, test
only), never a department's events. The consumer projects RegistrationOpened/Closed into
`seen_registrations` (a closing date as `lifted_on`), keeping the highest version, as a
real projection does, and RegionQuotaSet (an event about a region, not a person) into
`seen_quotas`. A household listed in
`poisoned_households` makes its handler fail, to test redelivery and dead-lettering; one in
`swallowing_households` makes it swallow a database error, which loses the transaction.
"""

from __future__ import annotations

import contextlib
import uuid
from datetime import date
from pathlib import Path

import asyncpg
import strawberry
from google.protobuf.message import Message

from fujian.events.testing.v1.events_pb2 import (
    RegionQuotaSet,
    Registration,
    RegistrationClosed,
    RegistrationOpened,
)
from servicekit.app import ServiceSpec
from servicekit.bus.outbox import emit
from servicekit.bus.payload import (
    payload_date,
    payload_region,
    payload_version,
    required_date,
    wire_date,
)
from servicekit.bus.projection import upsert_newer
from servicekit.bus.status import EventPipeline, event_pipeline_field
from servicekit.bus.streams import ENVELOPE
from servicekit.bus.subscription import Source, Subscription
from servicekit.contracts.registry import parse_envelope
from servicekit.db import Connection
from servicekit.federation import make_schema

PRODUCER = "probe-producer"

subscription = Subscription(
    producers=[PRODUCER], projection_tables=["seen_registrations", "seen_quotas", "handled_events"]
)

ProbeEvent = RegistrationOpened | RegistrationClosed


class Poisoned(RuntimeError):
    pass


async def _project(
    conn: Connection,
    registration_id: str,
    person_id: str,
    household: str,
    lifted_on: date | None,
    version: int,
    source: Source,
) -> None:
    if await conn.fetchval("SELECT 1 FROM poisoned_households WHERE household_number = $1", household):
        raise Poisoned(f"household {household} is poisoned")
    if await conn.fetchval("SELECT 1 FROM swallowing_households WHERE household_number = $1", household):
        # The mistake the kit must survive: a database error caught and ignored.
        with contextlib.suppress(asyncpg.DivisionByZeroError):
            await conn.execute("SELECT 1 / 0")
    await conn.execute(
        """
        INSERT INTO handled_events (event_id, times) VALUES ($1, 1)
        ON CONFLICT (event_id) DO UPDATE SET times = handled_events.times + 1
        """,
        source.event_id,
    )
    await conn.execute(
        """
        INSERT INTO seen_registrations AS s
            (registration_id, person_id, household_number, lifted_on, version, source_event_id)
        VALUES ($1, $2, $3, $4, $5, $6)
        ON CONFLICT (registration_id) DO UPDATE SET
            household_number = excluded.household_number, lifted_on = excluded.lifted_on,
            version = excluded.version, source_event_id = excluded.source_event_id
        WHERE s.version < excluded.version
        """,
        uuid.UUID(registration_id),
        uuid.UUID(person_id),
        household,
        lifted_on,
        version,
        source.event_id,
    )


@subscription.handles(RegistrationOpened)
async def on_opened(conn: Connection, event: RegistrationOpened, source: Source) -> None:
    r = event.registration
    await _project(conn, r.registration_id, r.person_id, r.household_number, None, event.version, source)


@subscription.handles(RegistrationClosed)
async def on_closed(conn: Connection, event: RegistrationClosed, source: Source) -> None:
    r = event.registration
    await _project(
        conn,
        r.registration_id,
        r.person_id,
        r.household_number,
        payload_date(event, "registration.closed_on"),
        event.version,
        source,
    )


@subscription.handles(RegionQuotaSet)
async def on_quota_set(conn: Connection, event: RegionQuotaSet, source: Source) -> None:
    await upsert_newer(
        conn,
        "seen_quotas",
        key=["region_code"],
        version=payload_version(event),
        source=source,
        values={
            "region_code": payload_region(event, "region_code"),
            "places": event.places,
            "effective_on": required_date(event, "effective_on"),
        },
    )


@strawberry.type
class Query:
    probe_consumer_events: EventPipeline = event_pipeline_field("probe-consumer", subscription)


schema = make_schema(query=Query)

PRODUCER_SPEC = ServiceSpec(
    name=PRODUCER,
    schema=schema,
    migrations=Path(__file__).parents[1] / "kit" / "no_migrations",
)
CONSUMER_SPEC = ServiceSpec(
    name="probe-consumer",
    schema=schema,
    migrations=Path(__file__).parent / "migrations",
    subscription=subscription,
)


def opened(registration_id: uuid.UUID, person_id: uuid.UUID, household: str) -> RegistrationOpened:
    return RegistrationOpened(
        registration=Registration(
            registration_id=str(registration_id),
            person_id=str(person_id),
            household_number=household,
            opened_on=wire_date(date(2019, 6, 1)),
        ),
        version=1,
    )


def closed(registration_id: uuid.UUID, person_id: uuid.UUID, household: str) -> RegistrationClosed:
    return RegistrationClosed(
        registration=Registration(
            registration_id=str(registration_id),
            person_id=str(person_id),
            household_number=household,
            opened_on=wire_date(date(2019, 6, 1)),
            closed_on=wire_date(date(2020, 12, 31)),
        ),
        version=2,
    )


def quota_set(region_code: str, places: int, *, version: int) -> RegionQuotaSet:
    return RegionQuotaSet(
        region_code=region_code, places=places, effective_on=wire_date(date(2020, 1, 1)), version=version
    )


async def produce(pool: asyncpg.Pool, *events: Message) -> list[uuid.UUID]:
    """Commit the events in one transaction, as a producing service would with its fact;
    return their event ids."""
    async with pool.acquire() as conn, conn.transaction():
        return [await emit(conn, event, producer=PRODUCER) for event in events]


def parse_sequence(fields: dict[bytes, bytes]) -> int:
    """The outbox sequence of a stream entry, as the relay stamped it on the envelope."""
    return parse_envelope(fields[ENVELOPE]).sequence
