"""Employment's records, projected: where and since when a person works (城镇就业), for the
target-person test and the rules that need the industry (clause 十二). Both events carry
the record's whole state, so each writes the same row and the highest version wins.
"""

from __future__ import annotations

from pathlib import Path

import asyncpg

from fujian.events.employment.v1 import events_pb2 as employment
from fujian.events.employment.v1.events_pb2 import EmploymentEnded, EmploymentStarted
from servicekit.bus.payload import (
    payload_date,
    payload_enum,
    payload_region,
    payload_uuid,
    payload_version,
    required_date,
)
from servicekit.bus.projection import upsert_newer
from servicekit.bus.subscription import Source, Subscription
from servicekit.contracts.registry import MalformedEvent, event_type
from servicekit.db import Connection
from servicekit.entitlements.target import EMPLOYMENT, CityStay, StayKind
from servicekit.facts.pack import FactPack
from servicekit.facts.sources import projected
from servicekit.loaders import batch_many

# Stored as the words employment's API uses; UNSPECIFIED is deliberately absent.
INDUSTRIES: dict[int, str] = {
    value: name.removeprefix("INDUSTRY_")
    for name, value in employment.Industry.items()
    if value != employment.INDUSTRY_UNSPECIFIED
}


async def _project(
    conn: Connection, event: EmploymentStarted | EmploymentEnded, source: Source, *, ended: bool
) -> None:
    if not event.employment.employer:
        raise MalformedEvent(
            "employment.employer is empty", event_type=event_type(event), event_id=str(source.event_id)
        )
    version = payload_version(event)
    values = {
        "employment_id": payload_uuid(event, "employment.employment_id"),
        "person_id": payload_uuid(event, "employment.person_id"),
        "employer": event.employment.employer,
        "industry": payload_enum(event, "employment.industry", INDUSTRIES),
        "city_code": payload_region(event, "employment.city_code"),
        "started_on": required_date(event, "employment.started_on"),
        "ended_on": payload_date(event, "employment.ended_on", required=ended),
    }
    await upsert_newer(
        conn, "employment_facts", key=["employment_id"], values=values, version=version, source=source
    )


async def on_employment_started(conn: Connection, event: EmploymentStarted, source: Source) -> None:
    await _project(conn, event, source, ended=False)


async def on_employment_ended(conn: Connection, event: EmploymentEnded, source: Source) -> None:
    await _project(conn, event, source, ended=True)


def register(subscription: Subscription) -> None:
    subscription.handles(EmploymentStarted)(on_employment_started)
    subscription.handles(EmploymentEnded)(on_employment_ended)


EMPLOYMENT_FACTS = FactPack(
    producer=EMPLOYMENT,
    tables=("employment_facts",),
    migrations=Path(__file__).with_name("migrations_employment"),
    register=register,
)

employment_facts_by_person = batch_many(
    "SELECT * FROM employment_facts WHERE person_id = ANY($1) ORDER BY started_on, employment_id",
    key="person_id",
)


def work_stay_of(row: asyncpg.Record) -> CityStay:
    """A projected employment as a stay in a city (工作), for the target-person test."""
    return CityStay(
        StayKind.EMPLOYMENT,
        row["city_code"],
        row["started_on"],
        row["ended_on"],
        projected(row, EMPLOYMENT, str(row["employment_id"])),
    )
