"""The events social security publishes, built from the stored registration row.

Each event carries the registration's whole state at its version (docs/adding-an-event.md),
so a consumer needs no earlier event to apply it. Resolvers `emit` them in the transaction
that wrote the row.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import asyncpg
from google.protobuf.message import Message

from fujian.events.social_security.v1.events_pb2 import PovertyLifted, PovertyRegistered
from servicekit.bus.payload import wire_date
from servicekit.db import Connection
from social_security import repository


def poverty_registered(row: asyncpg.Record) -> PovertyRegistered:
    return PovertyRegistered(
        registration_id=str(row["id"]),
        person_id=str(row["person_id"]),
        household_number=row["household_number"],
        registered_on=wire_date(row["registered_on"]),
        version=row["version"],
    )


def poverty_lifted(row: asyncpg.Record) -> PovertyLifted:
    return PovertyLifted(
        registration_id=str(row["id"]),
        person_id=str(row["person_id"]),
        household_number=row["household_number"],
        registered_on=wire_date(row["registered_on"]),
        lifted_on=wire_date(row["lifted_on"]),
        version=row["version"],
    )


async def current_state(conn: Connection) -> AsyncIterator[Message]:
    """Every registration as an event at its current version (`ServiceSpec.snapshot`, for
    `python -m servicekit.bus republish social_security`)."""
    async for row in repository.every_registration(conn):
        yield poverty_lifted(row) if row["lifted_on"] is not None else poverty_registered(row)
