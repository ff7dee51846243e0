"""The events settlement publishes (proto/fujian/events/settlement/v1/events.proto), built
from stored rows.

Each event carries the whole current state of its record and the record's version, so a
consumer needs no earlier event to apply it. Resolvers emit them with
`servicekit.bus.outbox.emit(conn, event, producer=SERVICE)` in the transaction that
wrote the row.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import asyncpg
from google.protobuf.message import Message

from fujian.events.settlement.v1.events_pb2 import (
    HouseholdMemberJoined,
    HouseholdMemberLeft,
    HouseholdMembership,
    HouseholdRelation,
    HukouChanged,
    HukouType,
    PersonRegistered,
    ResidencePeriodRecorded,
    ResidencePermit,
    ResidencePermitExpired,
    ResidencePermitIssued,
    ResidencePermitRenewed,
    ResidencePermitRevoked,
    RuralRightsKept,
    SettlementDecided,
    SettlementOutcome,
    Sex,
)
from servicekit.bus.payload import wire_date
from servicekit.db import Connection
from settlement import repository

_SEX = {"MALE": Sex.SEX_MALE, "FEMALE": Sex.SEX_FEMALE}
_HUKOU_TYPE = {"RURAL": HukouType.HUKOU_TYPE_RURAL, "URBAN": HukouType.HUKOU_TYPE_URBAN}


def person_registered(person: asyncpg.Record) -> PersonRegistered:
    """Identity only: the resident ID number never travels in an event."""
    return PersonRegistered(
        person_id=str(person["id"]),
        name=person["name"],
        birth_date=wire_date(person["birth_date"]),
        sex=_SEX[person["sex"]],
        version=person["version"],
    )


def hukou_changed(person: asyncpg.Record) -> HukouChanged:
    """The person's current hukou (from a persons row) at its hukou version."""
    return HukouChanged(
        person_id=str(person["id"]),
        hukou_type=_HUKOU_TYPE[person["hukou_type"]],
        region_code=person["hukou_region_code"],
        recorded_on=wire_date(person["hukou_recorded_on"]),
        version=person["hukou_version"],
    )


def _permit(permit: asyncpg.Record) -> ResidencePermit:
    # The permit's whole state, the same in all four permit events: only the event type
    # says what happened.
    return ResidencePermit(
        permit_id=str(permit["id"]),
        person_id=str(permit["person_id"]),
        city_code=permit["city_code"],
        issued_on=wire_date(permit["issued_on"]),
        valid_until=wire_date(permit["valid_until"]),
        revoked_on=wire_date(permit["revoked_on"]),
        reason=permit["revocation_reason"] or "",
    )


def permit_issued(permit: asyncpg.Record) -> ResidencePermitIssued:
    return ResidencePermitIssued(permit=_permit(permit), version=permit["version"])


def permit_renewed(permit: asyncpg.Record) -> ResidencePermitRenewed:
    return ResidencePermitRenewed(permit=_permit(permit), version=permit["version"])


def permit_revoked(permit: asyncpg.Record) -> ResidencePermitRevoked:
    return ResidencePermitRevoked(permit=_permit(permit), version=permit["version"])


def permit_expired(permit: asyncpg.Record) -> ResidencePermitExpired:
    return ResidencePermitExpired(permit=_permit(permit), version=permit["version"])


def period_recorded(period: asyncpg.Record) -> ResidencePeriodRecorded:
    return ResidencePeriodRecorded(
        period_id=str(period["id"]),
        person_id=str(period["person_id"]),
        city_code=period["city_code"],
        started_on=wire_date(period["started_on"]),
        ended_on=wire_date(period["ended_on"]),
        version=period["version"],
    )


_RELATION = {
    "HEAD": HouseholdRelation.HOUSEHOLD_RELATION_HEAD,
    "SPOUSE": HouseholdRelation.HOUSEHOLD_RELATION_SPOUSE,
    "CHILD": HouseholdRelation.HOUSEHOLD_RELATION_CHILD,
    "PARENT": HouseholdRelation.HOUSEHOLD_RELATION_PARENT,
    "OTHER": HouseholdRelation.HOUSEHOLD_RELATION_OTHER,
}
_OUTCOME = {
    "APPROVED": SettlementOutcome.SETTLEMENT_OUTCOME_APPROVED,
    "REFUSED": SettlementOutcome.SETTLEMENT_OUTCOME_REFUSED,
}


def _membership(member: asyncpg.Record) -> HouseholdMembership:
    """From a household_members row joined with its household's head and region."""
    return HouseholdMembership(
        household_id=str(member["household_id"]),
        person_id=str(member["person_id"]),
        relation=_RELATION[member["relation"]],
        head_person_id=str(member["head_person_id"]),
        region_code=member["region_code"],
        joined_on=wire_date(member["joined_on"]),
        left_on=wire_date(member["left_on"]),
    )


def member_joined(member: asyncpg.Record) -> HouseholdMemberJoined:
    return HouseholdMemberJoined(membership=_membership(member), version=member["version"])


def member_left(member: asyncpg.Record) -> HouseholdMemberLeft:
    return HouseholdMemberLeft(membership=_membership(member), version=member["version"])


def membership_event(member: asyncpg.Record) -> HouseholdMemberJoined | HouseholdMemberLeft:
    return member_left(member) if member["left_on"] is not None else member_joined(member)


def settlement_decided(application: asyncpg.Record) -> SettlementDecided:
    approved = application["outcome"] == "APPROVED"
    return SettlementDecided(
        application_id=str(application["id"]),
        person_id=str(application["person_id"]),
        region_code=application["region_code"],
        applied_on=wire_date(application["applied_on"]),
        outcome=_OUTCOME[application["outcome"]],
        decided_on=wire_date(application["decided_on"]),
        reason=application["reason"] or "",
        rural_rights_kept=RuralRightsKept(
            land_contract=approved and application["land_contract"],
            homestead=approved and application["homestead"],
            collective_income=approved and application["collective_income"],
        ),
        version=application["version"],
    )


def permit_state_event(
    permit: asyncpg.Record,
) -> ResidencePermitIssued | ResidencePermitRenewed | ResidencePermitRevoked | ResidencePermitExpired:
    """The event whose type says what last happened to the permit, as its mutation emitted."""
    if permit["revoked_on"] is not None:
        return permit_revoked(permit)
    if permit["expiry_published"]:
        return permit_expired(permit)
    return permit_renewed(permit) if permit["version"] > 1 else permit_issued(permit)


async def current_state(conn: Connection) -> AsyncIterator[Message]:
    """Every person, hukou, permit and period as an event at its current version
    (`ServiceSpec.snapshot`, for `python -m servicekit.bus republish settlement`)."""
    async for person in repository.every_person(conn):
        yield person_registered(person)
        if person["hukou_type"] is not None:
            yield hukou_changed(person)
    async for permit in repository.every_permit(conn):
        yield permit_state_event(permit)
    async for period in repository.every_period(conn):
        yield period_recorded(period)
    async for member in repository.every_membership(conn):
        yield membership_event(member)
    async for application in repository.every_decided_application(conn):
        yield settlement_decided(application)
