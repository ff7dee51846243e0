"""The events housing publishes (proto/fujian/events/housing/v1/events.proto), built from
stored rows. Each carries its record's whole state and version (docs/adding-an-event.md);
resolvers `emit` them in the transaction that wrote the row."""

from __future__ import annotations

from collections.abc import AsyncIterator

import asyncpg
from google.protobuf.message import Message

from fujian.events.housing.v1 import events_pb2 as pb
from housing import repository
from servicekit.bus.payload import wire_date, wire_enum
from servicekit.db import Connection


def application(row: asyncpg.Record) -> pb.PublicHousingApplication:
    return pb.PublicHousingApplication(
        application_id=str(row["id"]),
        person_id=str(row["person_id"]),
        city_code=row["city_code"],
        form=wire_enum(pb.HousingForm, row["form"]),
        applied_on=wire_date(row["applied_on"]),
        outcome=wire_enum(pb.HousingOutcome, row["outcome"]),
        decided_on=wire_date(row["decided_on"]) if row["decided_on"] else "",
        reason=row["reason"],
        subsidy_fen=row["subsidy_fen"] or 0,
        ended_on=wire_date(row["ended_on"]) if row["ended_on"] else "",
    )


def applied(row: asyncpg.Record) -> pb.PublicHousingApplied:
    return pb.PublicHousingApplied(application=application(row), version=row["version"])


def decided(row: asyncpg.Record) -> pb.PublicHousingDecided:
    return pb.PublicHousingDecided(application=application(row), version=row["version"])


def ended(row: asyncpg.Record) -> pb.PublicHousingEnded:
    return pb.PublicHousingEnded(application=application(row), version=row["version"])


def tenancy_registered(row: asyncpg.Record) -> pb.TenancyRegistered:
    return pb.TenancyRegistered(
        tenancy_id=str(row["id"]),
        person_id=str(row["tenant_person_id"]),
        county_code=row["county_code"],
        started_on=wire_date(row["started_on"]),
        registered_on=wire_date(row["registered_on"]),
        version=row["version"],
    )


def application_event(row: asyncpg.Record) -> Message:
    """An application's current state as the event that last changed it."""
    if row["ended_on"] is not None:
        return ended(row)
    if row["outcome"] is not None:
        return decided(row)
    return applied(row)


async def current_state(conn: Connection) -> AsyncIterator[Message]:
    """Every application and tenant registration as an event at its current version
    (`ServiceSpec.snapshot`, for `python -m servicekit.bus republish housing`)."""
    async for row in repository.every_row(conn, "public_housing_applications"):
        yield application_event(row)
    async for row in repository.every_row(conn, "tenancy_registrations"):
        yield tenancy_registered(row)
