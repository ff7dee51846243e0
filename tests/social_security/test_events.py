"""Social security publishes its poverty registrations: outbox row in the mutation's
transaction, then the relay puts it on the stream `events.social-security`."""

from __future__ import annotations

import uuid
from typing import cast

import asyncpg
import redis.asyncio as aioredis

from fujian.events.options.v1.options_pb2 import SubjectType
from fujian.events.social_security.v1.events_pb2 import PovertyLifted, PovertyRegistered
from servicekit.bus.streams import ENVELOPE, EVENT_ID, EVENT_TYPE, event_stream
from servicekit.contracts.registry import Envelope, decode, parse_envelope
from tests.bus.test_delivery import eventually
from tests.social_security.test_poverty import LIFT, REGISTER, register_input
from tests.support import ServiceUnderTest


async def outbox(pool: asyncpg.Pool) -> list[tuple[asyncpg.Record, Envelope]]:
    rows = await pool.fetch("SELECT * FROM event_outbox ORDER BY sequence")
    return [(row, parse_envelope(row["envelope"])) for row in rows]


async def register_and_lift(service: ServiceUnderTest, person: str) -> str:
    registered = await service.client.data(REGISTER, register_input(person))
    await service.client.data(LIFT, {"input": {"personId": person, "liftedOn": "2019-12-31"}})
    return cast(str, registered["registerPoverty"]["id"])


async def test_register_and_lift_each_write_one_event_with_the_whole_registration(
    service: ServiceUnderTest,
) -> None:
    person = str(uuid.uuid4())
    registered = await service.client.data(REGISTER, register_input(person))
    registration = registered["registerPoverty"]["id"]
    [(row, envelope)] = await outbox(service.pool)
    # The outbox names the subject; person lookups by `subject_person_id` keep working.
    assert (row["event_type"], row["subject_type"], row["subject_id"], row["subject_person_id"]) == (
        "fujian.events.social_security.v1.PovertyRegistered",
        "person",
        person,
        uuid.UUID(person),
    )
    assert (envelope.producer, envelope.subject_type, envelope.subject_id, envelope.event_id) == (
        "social-security",
        SubjectType.SUBJECT_TYPE_PERSON,
        person,
        str(row["event_id"]),
    )
    assert decode(envelope) == PovertyRegistered(
        registration_id=registration,
        person_id=person,
        household_number="350121-00001",
        registered_on="2015-03-01",
        version=1,
    )

    await service.client.data(LIFT, {"input": {"personId": person, "liftedOn": "2019-12-31"}})
    [_, (row, envelope)] = await outbox(service.pool)
    assert row["event_type"] == "fujian.events.social_security.v1.PovertyLifted"
    assert decode(envelope) == PovertyLifted(
        registration_id=registration,
        person_id=person,
        household_number="350121-00001",
        registered_on="2015-03-01",
        lifted_on="2019-12-31",
        version=2,
    )
    stored = await service.pool.fetchval(
        "SELECT version FROM poverty_registrations WHERE id = $1", uuid.UUID(registration)
    )
    assert stored == 2


async def test_registering_again_is_a_new_registration_at_version_1(
    service: ServiceUnderTest,
) -> None:
    person = str(uuid.uuid4())
    first = await register_and_lift(service, person)
    again = await service.client.data(REGISTER, register_input(person, registeredOn="2021-06-01"))
    events = [decode(envelope) for _, envelope in await outbox(service.pool)]
    assert [type(e).__name__ for e in events] == ["PovertyRegistered", "PovertyLifted", "PovertyRegistered"]
    latest = cast(PovertyRegistered, events[-1])
    assert (latest.registration_id, latest.version, latest.registered_on) == (
        again["registerPoverty"]["id"],
        1,
        "2021-06-01",
    )
    assert latest.registration_id != first


async def test_a_refused_mutation_writes_no_event(service: ServiceUnderTest) -> None:
    person = str(uuid.uuid4())
    lift = {"input": {"personId": person, "liftedOn": "2019-12-31"}}
    error = await service.client.error(LIFT, lift)  # nothing to lift
    assert error["extensions"]["code"] == "CONFLICT"
    assert await outbox(service.pool) == []

    await service.client.data(REGISTER, register_input(person))
    error = await service.client.error(REGISTER, register_input(person))  # already open
    assert error["extensions"]["code"] == "CONFLICT"
    error = await service.client.error(  # lifted before it was registered
        LIFT, {"input": {"personId": person, "liftedOn": "2010-01-01"}}
    )
    assert error["extensions"]["code"] == "VALIDATION_FAILED"
    assert [row["event_type"] for row, _ in await outbox(service.pool)] == [
        "fujian.events.social_security.v1.PovertyRegistered"
    ]


async def test_the_relay_publishes_the_events_to_the_stream_in_order(
    service: ServiceUnderTest,
    redis: aioredis.Redis,
) -> None:
    stream = event_stream(service.settings.bus.namespace, "social-security")
    await register_and_lift(service, str(uuid.uuid4()))
    await register_and_lift(service, str(uuid.uuid4()))

    async def entries() -> list[tuple[bytes, dict[bytes, bytes]]]:
        return cast(list[tuple[bytes, dict[bytes, bytes]]], await redis.xrange(stream))

    async def all_published() -> bool:
        return len(await entries()) == 4

    await eventually(all_published)
    rows = [row for row, _ in await outbox(service.pool)]
    published = await entries()
    assert [fields[EVENT_ID].decode() for _, fields in published] == [str(r["event_id"]) for r in rows]
    assert [fields[EVENT_TYPE].decode() for _, fields in published] == [r["event_type"] for r in rows]
    # The relay stamps each envelope with its outbox sequence and records the entry id.
    assert [parse_envelope(fields[ENVELOPE]).sequence for _, fields in published] == [
        r["sequence"] for r in rows
    ]

    async def all_marked() -> bool:
        marked = await service.pool.fetch("SELECT stream_entry_id FROM event_outbox ORDER BY sequence")
        return [r["stream_entry_id"] for r in marked] == [e.decode() for e, _ in published]

    await eventually(all_marked)
