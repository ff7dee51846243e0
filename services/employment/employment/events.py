"""The events 就业 Employment publishes (proto/fujian/events/employment/v1/events.proto), built
from stored rows. Each carries the employment record's whole state and version
(docs/adding-an-event.md); resolvers `emit` them in the transaction that wrote the row.

Job-seeker registrations and training enrolments stay inside employment: no other
department's rules read them, so they have no events (add one when a consumer needs it).
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import asyncpg
from google.protobuf.message import Message

from employment import repository
from fujian.events.employment.v1 import events_pb2 as pb
from servicekit.bus.payload import wire_date, wire_enum
from servicekit.db import Connection


def employment_of(row: asyncpg.Record) -> pb.Employment:
    return pb.Employment(
        employment_id=str(row["id"]),
        person_id=str(row["person_id"]),
        employer=row["employer"],
        industry=wire_enum(pb.Industry, row["industry"]),
        city_code=row["city_code"],
        started_on=wire_date(row["started_on"]),
        ended_on=wire_date(row["ended_on"]) if row["ended_on"] else "",
    )


def employment_started(row: asyncpg.Record) -> pb.EmploymentStarted:
    return pb.EmploymentStarted(employment=employment_of(row), version=row["version"])


def employment_ended(row: asyncpg.Record) -> pb.EmploymentEnded:
    return pb.EmploymentEnded(employment=employment_of(row), version=row["version"])


async def current_state(conn: Connection) -> AsyncIterator[Message]:
    """Every employment record as an event at its current version (`ServiceSpec.snapshot`,
    for `python -m servicekit.bus republish employment`)."""
    async for row in repository.every_employment(conn):
        yield employment_ended(row) if row["ended_on"] is not None else employment_started(row)
