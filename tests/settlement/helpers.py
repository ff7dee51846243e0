"""Settlement under test: its mutations, its outbox decoded, and envelopes of the events it
consumes put on the test's streams exactly as a producer's relay writes them."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

import asyncpg

from servicekit.contracts.registry import Envelope, decode, parse_envelope
from tests.ids import make_id_number
from tests.support import GraphQLClient, caller

OPERATOR = caller("sre-1", "events:operate")

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


async def issue_permit(
    client: GraphQLClient,
    person_id: str,
    *,
    issued_on: str = "2024-01-01",
    valid_until: str = "2080-01-01",
    city_code: str = "350100",
) -> str:
    data = await client.data(
        ISSUE,
        {
            "input": {
                "personId": person_id,
                "cityCode": city_code,
                "issuedOn": issued_on,
                "validUntil": valid_until,
            }
        },
    )
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
        emitted.append(
            Emitted(
                row["sequence"],
                envelope,
                decode(envelope),
                row["published_at"] is not None,
                row["stream_entry_id"],
            )
        )
    return emitted


async def outbox_count(pool: asyncpg.Pool) -> int:
    return int(await pool.fetchval("SELECT count(*) FROM event_outbox"))
