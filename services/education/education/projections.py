"""Facts education uses but does not own, projected from their owners' events.

The kit's fact packs hold the shared ones (servicekit.facts): settlement's persons, hukou,
residence permits and periods (a parent's permit is the main basis of clause 五), social
security's poverty registrations (clauses 四, 六 and 三 ask for a registered poor household)
and employment's records (working in a city counts for the target-person test).

Education's own handlers project what no pack holds, the minimum its rules use:

- settlement's household memberships (HouseholdMemberJoined/Left), to link a child to its
  parents and to the household whose poverty, dibao or permit counts;
- social security's dibao grants (AssistanceGranted/Ended of kind DIBAO only; other kinds
  are not kept) and disability records (DisabilityRecorded/Revoked, dates only), for the
  graduates in hardship of clause 三.

Each handler writes the record's whole state with `upsert_newer`, keeping the highest
version: a late or repeated event changes nothing. A membership is keyed by household and
person (the event names no membership id): a person who leaves and rejoins the same household
starts a new record at settlement, whose lower version this projection would ignore.
"""

from __future__ import annotations

from fujian.events.settlement.v1 import events_pb2 as settlement
from fujian.events.settlement.v1.events_pb2 import HouseholdMemberJoined, HouseholdMemberLeft
from fujian.events.social_security.v1 import events_pb2 as social_security
from fujian.events.social_security.v1.events_pb2 import (
    AssistanceEnded,
    AssistanceGranted,
    DisabilityRecorded,
    DisabilityRevoked,
)
from servicekit.bus.payload import payload_date, payload_enum, payload_uuid, payload_version, required_date
from servicekit.bus.projection import upsert_newer
from servicekit.bus.subscription import Source
from servicekit.db import Connection
from servicekit.entitlements.target import EMPLOYMENT, SETTLEMENT, SOCIAL_SECURITY
from servicekit.facts.employment import EMPLOYMENT_FACTS
from servicekit.facts.pack import subscribe
from servicekit.facts.poverty import POVERTY_FACTS
from servicekit.facts.settlement import SETTLEMENT_FACTS

__all__ = ["EMPLOYMENT", "FACTS", "SETTLEMENT", "SOCIAL_SECURITY", "subscription"]

FACTS = (SETTLEMENT_FACTS, POVERTY_FACTS, EMPLOYMENT_FACTS)
OWN_TABLES = ("household_membership_facts", "dibao_facts", "disability_facts")
subscription = subscribe(*FACTS, producers=[SETTLEMENT, SOCIAL_SECURITY], projection_tables=list(OWN_TABLES))

_RELATION: dict[int, str] = {
    settlement.HOUSEHOLD_RELATION_HEAD: "HEAD",
    settlement.HOUSEHOLD_RELATION_SPOUSE: "SPOUSE",
    settlement.HOUSEHOLD_RELATION_CHILD: "CHILD",
    settlement.HOUSEHOLD_RELATION_PARENT: "PARENT",
    settlement.HOUSEHOLD_RELATION_OTHER: "OTHER",
}


async def _membership(
    conn: Connection, event: HouseholdMemberJoined | HouseholdMemberLeft, source: Source, *, left: bool
) -> None:
    values = {
        "household_id": payload_uuid(event, "membership.household_id"),
        "person_id": payload_uuid(event, "membership.person_id"),
        "relation": payload_enum(event, "membership.relation", _RELATION),
        "head_person_id": payload_uuid(event, "membership.head_person_id"),
        "joined_on": required_date(event, "membership.joined_on"),
        "left_on": payload_date(event, "membership.left_on", required=left),
    }
    await upsert_newer(
        conn,
        "household_membership_facts",
        key=["household_id", "person_id"],
        values=values,
        version=payload_version(event),
        source=source,
    )


@subscription.handles(HouseholdMemberJoined)
async def on_member_joined(conn: Connection, event: HouseholdMemberJoined, source: Source) -> None:
    await _membership(conn, event, source, left=False)


@subscription.handles(HouseholdMemberLeft)
async def on_member_left(conn: Connection, event: HouseholdMemberLeft, source: Source) -> None:
    await _membership(conn, event, source, left=True)


async def _dibao(conn: Connection, event: AssistanceGranted | AssistanceEnded, source: Source) -> None:
    if event.kind != social_security.ASSISTANCE_KIND_DIBAO:
        return  # minimum necessary: only dibao counts for clause 三
    ends_on = payload_date(event, "ends_on", required=False)
    ended_on = payload_date(event, "ended_on", required=True) if isinstance(event, AssistanceEnded) else None
    days = [d for d in (ends_on, ended_on) if d is not None]
    await upsert_newer(
        conn,
        "dibao_facts",
        key=["assistance_id"],
        values={
            "assistance_id": payload_uuid(event, "assistance_id"),
            "person_id": payload_uuid(event, "person_id"),
            "started_on": required_date(event, "started_on"),
            "last_day": min(days) if days else None,
        },
        version=payload_version(event),
        source=source,
    )


@subscription.handles(AssistanceGranted)
async def on_assistance_granted(conn: Connection, event: AssistanceGranted, source: Source) -> None:
    await _dibao(conn, event, source)


@subscription.handles(AssistanceEnded)
async def on_assistance_ended(conn: Connection, event: AssistanceEnded, source: Source) -> None:
    await _dibao(conn, event, source)


async def _disability(
    conn: Connection, event: DisabilityRecorded | DisabilityRevoked, source: Source, *, revoked: bool
) -> None:
    await upsert_newer(
        conn,
        "disability_facts",
        key=["disability_id"],
        values={
            "disability_id": payload_uuid(event, "disability_id"),
            "person_id": payload_uuid(event, "person_id"),
            "certified_on": required_date(event, "certified_on"),
            "revoked_on": payload_date(event, "revoked_on", required=True) if revoked else None,
        },
        version=payload_version(event),
        source=source,
    )


@subscription.handles(DisabilityRecorded)
async def on_disability_recorded(conn: Connection, event: DisabilityRecorded, source: Source) -> None:
    await _disability(conn, event, source, revoked=False)


@subscription.handles(DisabilityRevoked)
async def on_disability_revoked(conn: Connection, event: DisabilityRevoked, source: Source) -> None:
    await _disability(conn, event, source, revoked=True)
