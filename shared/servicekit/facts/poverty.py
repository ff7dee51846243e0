"""Social security's poverty registrations (建档立卡), projected: the shared fact every
department's target-person test needs (clauses 十四, 十九). Both events carry the whole
registration, so each handler writes the same row and the highest version wins
(servicekit.bus.projection.upsert_newer): late, reordered or replayed events change nothing.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import asyncpg

from fujian.events.social_security.v1.events_pb2 import PovertyLifted, PovertyRegistered
from servicekit.bus.payload import payload_uuid, payload_version, required_date
from servicekit.bus.projection import upsert_newer
from servicekit.bus.subscription import Source, Subscription
from servicekit.contracts.registry import MalformedEvent, event_type
from servicekit.db import Connection
from servicekit.entitlements.target import SOCIAL_SECURITY, PovertyRegistration
from servicekit.facts.pack import FactPack
from servicekit.facts.sources import projected
from servicekit.loaders import batch_many


async def on_poverty_registered(conn: Connection, event: PovertyRegistered, source: Source) -> None:
    await _project_registration(conn, event, lifted_on=None, source=source)


async def on_poverty_lifted(conn: Connection, event: PovertyLifted, source: Source) -> None:
    await _project_registration(conn, event, lifted_on=required_date(event, "lifted_on"), source=source)


async def _project_registration(
    conn: Connection,
    event: PovertyRegistered | PovertyLifted,
    *,
    lifted_on: date | None,
    source: Source,
) -> None:
    # The payload_* readers raise MalformedEvent for what no retry can fix, so such an
    # entry is dead-lettered at once instead of failing max_attempts times.
    if not event.household_number:
        raise MalformedEvent(
            "household_number is empty", event_type=event_type(event), event_id=str(source.event_id)
        )
    await upsert_newer(
        conn,
        "poverty_registration_facts",
        key=["registration_id"],
        values={
            "registration_id": payload_uuid(event, "registration_id"),
            "person_id": payload_uuid(event, "person_id"),
            "household_number": event.household_number,
            "registered_on": required_date(event, "registered_on"),
            "lifted_on": lifted_on,
        },
        version=payload_version(event),
        source=source,
    )


def register(subscription: Subscription) -> None:
    subscription.handles(PovertyRegistered)(on_poverty_registered)
    subscription.handles(PovertyLifted)(on_poverty_lifted)


POVERTY_FACTS = FactPack(
    producer=SOCIAL_SECURITY,
    tables=("poverty_registration_facts",),
    migrations=Path(__file__).with_name("migrations_poverty"),
    register=register,
)

poverty_facts_by_person = batch_many(
    """
    SELECT * FROM poverty_registration_facts WHERE person_id = ANY($1)
    ORDER BY registered_on, registration_id
    """,
    key="person_id",
)


def poverty_of(row: asyncpg.Record) -> PovertyRegistration:
    """A projected registration, for the target-person test."""
    return PovertyRegistration(
        row["household_number"],
        row["registered_on"],
        row["lifted_on"],
        projected(row, SOCIAL_SECURITY, str(row["registration_id"])),
    )
