"""The events social security publishes, each built from the stored row it announces.

Each event carries the record's whole state at its version (docs/adding-an-event.md),
so a consumer needs no earlier event to apply it. Resolvers `emit` them in the transaction
that wrote the row.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import asyncpg
from google.protobuf.message import Message

from fujian.events.social_security.v1 import events_pb2 as pb
from fujian.events.social_security.v1.events_pb2 import PovertyLifted, PovertyRegistered
from servicekit.bus.payload import wire_date, wire_enum
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


def enrolment_started(row: asyncpg.Record) -> pb.InsuranceEnrolmentStarted:
    return pb.InsuranceEnrolmentStarted(
        enrolment_id=str(row["id"]),
        person_id=str(row["person_id"]),
        scheme=wire_enum(pb.InsuranceScheme, row["scheme"]),
        started_on=wire_date(row["started_on"]),
        employer=row["employer"] or "",
        project=row["project"] or "",
        worker_contributes=row["worker_contributes"],
        premium_paid_by_government=row["premium_paid_by_government"],
        version=row["version"],
    )


def enrolment_ended(row: asyncpg.Record) -> pb.InsuranceEnrolmentEnded:
    return pb.InsuranceEnrolmentEnded(
        enrolment_id=str(row["id"]),
        person_id=str(row["person_id"]),
        scheme=wire_enum(pb.InsuranceScheme, row["scheme"]),
        started_on=wire_date(row["started_on"]),
        ended_on=wire_date(row["ended_on"]),
        reason=wire_enum(pb.EnrolmentEndReason, row["end_reason"]),
        employer=row["employer"] or "",
        project=row["project"] or "",
        worker_contributes=row["worker_contributes"],
        premium_paid_by_government=row["premium_paid_by_government"],
        version=row["version"],
    )


def work_injury_recognized(row: asyncpg.Record) -> pb.WorkInjuryRecognized:
    return pb.WorkInjuryRecognized(
        injury_id=str(row["id"]),
        person_id=str(row["person_id"]),
        enrolment_id=str(row["enrolment_id"]),
        recognized_on=wire_date(row["recognized_on"]),
        version=row["version"],
    )


def assistance_granted(row: asyncpg.Record) -> pb.AssistanceGranted:
    return pb.AssistanceGranted(
        assistance_id=str(row["id"]),
        person_id=str(row["person_id"]),
        kind=wire_enum(pb.AssistanceKind, row["kind"]),
        started_on=wire_date(row["started_on"]),
        ends_on=wire_date(row["ends_on"]) if row["ends_on"] else "",
        amount_fen=row["amount_fen"],
        period=wire_enum(pb.PaymentPeriod, row["period"]),
        version=row["version"],
    )


def assistance_ended(row: asyncpg.Record) -> pb.AssistanceEnded:
    return pb.AssistanceEnded(
        assistance_id=str(row["id"]),
        person_id=str(row["person_id"]),
        kind=wire_enum(pb.AssistanceKind, row["kind"]),
        started_on=wire_date(row["started_on"]),
        ends_on=wire_date(row["ends_on"]) if row["ends_on"] else "",
        ended_on=wire_date(row["ended_on"]),
        amount_fen=row["amount_fen"],
        period=wire_enum(pb.PaymentPeriod, row["period"]),
        version=row["version"],
    )


def disability_recorded(row: asyncpg.Record) -> pb.DisabilityRecorded:
    return pb.DisabilityRecorded(
        disability_id=str(row["id"]),
        person_id=str(row["person_id"]),
        category=row["category"],
        grade=row["grade"],
        certified_on=wire_date(row["certified_on"]),
        version=row["version"],
    )


def disability_revoked(row: asyncpg.Record) -> pb.DisabilityRevoked:
    return pb.DisabilityRevoked(
        disability_id=str(row["id"]),
        person_id=str(row["person_id"]),
        category=row["category"],
        grade=row["grade"],
        certified_on=wire_date(row["certified_on"]),
        revoked_on=wire_date(row["revoked_on"]),
        version=row["version"],
    )


async def current_state(conn: Connection) -> AsyncIterator[Message]:
    """Every record (registrations, enrolments, injuries, assistance, disability) as an
    event at its current version (`ServiceSpec.snapshot`, for
    `python -m servicekit.bus republish social_security`)."""
    async for row in repository.every_registration(conn):
        yield poverty_lifted(row) if row["lifted_on"] is not None else poverty_registered(row)
    async for row in repository.every_row(conn, "insurance_enrolments"):
        yield enrolment_ended(row) if row["ended_on"] is not None else enrolment_started(row)
    async for row in repository.every_row(conn, "work_injuries"):
        yield work_injury_recognized(row)
    async for row in repository.every_row(conn, "assistance_grants"):
        yield assistance_ended(row) if row["ended_on"] is not None else assistance_granted(row)
    async for row in repository.every_row(conn, "disability_statuses"):
        yield disability_revoked(row) if row["revoked_on"] is not None else disability_recorded(row)
