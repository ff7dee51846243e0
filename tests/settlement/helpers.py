"""Settlement under test: its mutations, its outbox decoded, and envelopes of the events it
consumes put on the test's streams exactly as a producer's relay writes them."""

from __future__ import annotations

import itertools
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import asyncpg
import redis.asyncio as aioredis
from google.protobuf.message import Message

from servicekit.bus.streams import event_stream
from servicekit.contracts.registry import Envelope, decode, parse_envelope, wrap
from tests.bus.support import xadd_envelope
from tests.ids import make_id_number
from tests.support import GraphQLClient

OPERATOR = {"x-caller-subject": "sre-1", "x-caller-scopes": "events:operate"}

REGISTER = """
mutation Register($input: RegisterPersonInput!) { registerPerson(input: $input) { id } }"""
HUKOU = """
mutation Hukou($input: RecordHukouInput!) { recordHukou(input: $input) { id } }"""
ISSUE = """
mutation Issue($input: IssueResidencePermitInput!) { issueResidencePermit(input: $input) { id } }"""
RENEW = """
mutation Renew($input: RenewResidencePermitInput!) { renewResidencePermit(input: $input) { id } }"""
REVOKE = """
mutation Revoke($input: RevokeResidencePermitInput!) { revokeResidencePermit(input: $input) { id } }"""
PERIOD = """
mutation Period($input: RecordResidencePeriodInput!) { recordResidencePeriod(input: $input) { id } }"""


# Serials for distinct resident ID numbers within a test.
_serials = itertools.count(1)


async def register(client: GraphQLClient, id_number: str | None = None, name: str = "林小梅") -> str:
    number = id_number or make_id_number(serial=next(_serials) % 1000)
    data = await client.data(REGISTER, {"input": {"name": name, "idNumber": number}})
    person_id: str = data["registerPerson"]["id"]
    return person_id


async def issue_permit(client: GraphQLClient, person_id: str, *, issued_on: str = "2024-01-01",
                       valid_until: str = "2080-01-01", city_code: str = "350100") -> str:
    data = await client.data(ISSUE, {"input": {
        "personId": person_id, "cityCode": city_code, "issuedOn": issued_on,
        "validUntil": valid_until}})
    permit_id: str = data["issueResidencePermit"]["id"]
    return permit_id


@dataclass(frozen=True)
class Emitted:
    """One outbox row, decoded."""

    sequence: int
    envelope: Envelope
    event: Any  # the generated message class named by envelope.type
    published: bool
    stream_entry_id: str | None

    @property
    def type(self) -> str:
        return self.envelope.type


async def outbox(pool: asyncpg.Pool) -> list[Emitted]:
    """Every event settlement wrote, in outbox order."""
    rows = await pool.fetch(
        "SELECT sequence, event_type, envelope, published_at, stream_entry_id "
        "FROM event_outbox ORDER BY sequence"
    )
    emitted = []
    for row in rows:
        envelope = parse_envelope(row["envelope"])
        assert envelope.type == row["event_type"]
        emitted.append(Emitted(row["sequence"], envelope, decode(envelope),
                               row["published_at"] is not None, row["stream_entry_id"]))
    return emitted


async def outbox_count(pool: asyncpg.Pool) -> int:
    return int(await pool.fetchval("SELECT count(*) FROM event_outbox"))


class ProducerStream:
    """Another department's stream in the test's namespace, written as its relay would."""

    def __init__(self, redis: aioredis.Redis, namespace: str, producer: str) -> None:
        self.redis = redis
        self.producer = producer
        self.stream = event_stream(namespace, producer)
        self._sequence = 0

    def envelope(self, event: Message) -> Envelope:
        self._sequence += 1
        return wrap(event, producer=self.producer, occurred_at=datetime.now(UTC),
                    sequence=self._sequence, event_id=str(uuid.uuid4()))

    async def put(self, envelope: Envelope) -> str:
        return await xadd_envelope(self.redis, self.stream, envelope)

    async def publish(self, event: Message) -> Envelope:
        envelope = self.envelope(event)
        await self.put(envelope)
        return envelope
