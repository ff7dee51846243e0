"""Settlement's shared facts, projected: a person's identity (birth date and sex, not the
name), current hukou, residence permits and residence periods — what the target-person
test and age rules need. Each handler writes the event's whole record with `upsert_newer`,
which keeps the highest version: a late or repeated event changes nothing. A value no retry
can repair raises `MalformedEvent`, and the consumer dead-letters the entry and goes on.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import asyncpg

from fujian.events.settlement.v1 import events_pb2 as settlement
from fujian.events.settlement.v1.events_pb2 import (
    HukouChanged,
    PersonRegistered,
    ResidencePeriodRecorded,
    ResidencePermitExpired,
    ResidencePermitIssued,
    ResidencePermitRenewed,
    ResidencePermitRevoked,
)
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
from servicekit.db import Connection
from servicekit.entitlements.target import SETTLEMENT, CityStay, Hukou, StayKind
from servicekit.facts.pack import FactPack
from servicekit.facts.sources import projected
from servicekit.loaders import batch_many, batch_one

# Stored as the same words settlement's API uses; UNSPECIFIED is deliberately absent.
_SEX: dict[int, str] = {settlement.SEX_MALE: "MALE", settlement.SEX_FEMALE: "FEMALE"}
_HUKOU_TYPE: dict[int, str] = {settlement.HUKOU_TYPE_RURAL: "RURAL", settlement.HUKOU_TYPE_URBAN: "URBAN"}

PermitEvent = ResidencePermitIssued | ResidencePermitRenewed | ResidencePermitRevoked | ResidencePermitExpired


async def on_person_registered(conn: Connection, event: PersonRegistered, source: Source) -> None:
    # Not the name: no department's rules read it (PIPL, minimum necessary).
    values = {
        "person_id": payload_uuid(event, "person_id"),
        "birth_date": required_date(event, "birth_date"),
        "sex": payload_enum(event, "sex", _SEX),
    }
    await upsert_newer(
        conn, "person_facts", key=["person_id"], values=values, version=payload_version(event), source=source
    )


async def on_hukou_changed(conn: Connection, event: HukouChanged, source: Source) -> None:
    values = {
        "person_id": payload_uuid(event, "person_id"),
        "hukou_type": payload_enum(event, "hukou_type", _HUKOU_TYPE),
        "region_code": payload_region(event, "region_code"),
        "recorded_on": required_date(event, "recorded_on"),
    }
    await upsert_newer(
        conn, "hukou_facts", key=["person_id"], values=values, version=payload_version(event), source=source
    )


async def _project_permit(
    conn: Connection,
    event: PermitEvent,
    source: Source,
    *,
    revoked: bool = False,
    expired: bool = False,
) -> None:
    # The four permit events share one ResidencePermit message, the permit's whole state.
    permit = event.permit
    values: dict[str, Any] = {
        "permit_id": payload_uuid(event, "permit.permit_id"),
        "person_id": payload_uuid(event, "permit.person_id"),
        "city_code": payload_region(event, "permit.city_code"),
        "issued_on": required_date(event, "permit.issued_on"),
        "valid_until": required_date(event, "permit.valid_until"),
        # A revocation must say when; the other events carry it only if it happened.
        "revoked_on": payload_date(event, "permit.revoked_on", required=revoked),
        "revocation_reason": permit.reason or None,
        # Only the event type tells that the permit ran out; any later event (a renewal,
        # a revocation) carries the state after it, hence false.
        "expired": expired,
    }
    await upsert_newer(
        conn,
        "residence_permit_facts",
        key=["permit_id"],
        values=values,
        version=payload_version(event),
        source=source,
    )


async def on_permit_issued(conn: Connection, event: ResidencePermitIssued, source: Source) -> None:
    await _project_permit(conn, event, source)


async def on_permit_renewed(conn: Connection, event: ResidencePermitRenewed, source: Source) -> None:
    await _project_permit(conn, event, source)


async def on_permit_revoked(conn: Connection, event: ResidencePermitRevoked, source: Source) -> None:
    await _project_permit(conn, event, source, revoked=True)


async def on_permit_expired(conn: Connection, event: ResidencePermitExpired, source: Source) -> None:
    await _project_permit(conn, event, source, expired=True)


async def on_period_recorded(conn: Connection, event: ResidencePeriodRecorded, source: Source) -> None:
    values = {
        "period_id": payload_uuid(event, "period_id"),
        "person_id": payload_uuid(event, "person_id"),
        "city_code": payload_region(event, "city_code"),
        "started_on": required_date(event, "started_on"),
        "ended_on": payload_date(event, "ended_on", required=False),
    }
    await upsert_newer(
        conn,
        "residence_period_facts",
        key=["period_id"],
        values=values,
        version=payload_version(event),
        source=source,
    )


def register(subscription: Subscription) -> None:
    subscription.handles(PersonRegistered)(on_person_registered)
    subscription.handles(HukouChanged)(on_hukou_changed)
    subscription.handles(ResidencePermitIssued)(on_permit_issued)
    subscription.handles(ResidencePermitRenewed)(on_permit_renewed)
    subscription.handles(ResidencePermitRevoked)(on_permit_revoked)
    subscription.handles(ResidencePermitExpired)(on_permit_expired)
    subscription.handles(ResidencePeriodRecorded)(on_period_recorded)


SETTLEMENT_FACTS = FactPack(
    producer=SETTLEMENT,
    tables=("person_facts", "hukou_facts", "residence_permit_facts", "residence_period_facts"),
    migrations=Path(__file__).with_name("migrations_settlement"),
    register=register,
)

# One statement per batch of persons, whatever their number.
person_facts_by_person = batch_one("SELECT * FROM person_facts WHERE person_id = ANY($1)", key="person_id")
hukou_facts_by_person = batch_one("SELECT * FROM hukou_facts WHERE person_id = ANY($1)", key="person_id")
residence_permit_facts_by_person = batch_many(
    "SELECT * FROM residence_permit_facts WHERE person_id = ANY($1) ORDER BY issued_on, permit_id",
    key="person_id",
)
residence_period_facts_by_person = batch_many(
    "SELECT * FROM residence_period_facts WHERE person_id = ANY($1) ORDER BY started_on, period_id",
    key="person_id",
)


def hukou_of(row: asyncpg.Record) -> Hukou:
    """The projected current hukou, for the target-person test."""
    return Hukou(row["hukou_type"], row["region_code"], row["recorded_on"], projected(row, SETTLEMENT))


def stay_of(row: asyncpg.Record) -> CityStay:
    """A projected residence period as a stay in a city (生活), for the target-person test."""
    return CityStay(
        StayKind.RESIDENCE,
        row["city_code"],
        row["started_on"],
        row["ended_on"],
        projected(row, SETTLEMENT, str(row["period_id"])),
    )
