"""The events education publishes (proto/fujian/events/education/v1/events.proto), built
from stored rows. Each carries its record's whole state and version (docs/adding-an-event.md);
the mutations `emit` them in the transaction that wrote the row."""

from __future__ import annotations

from collections.abc import AsyncIterator

import asyncpg
from google.protobuf.message import Message

from education import repository
from fujian.events.education.v1 import events_pb2 as pb
from servicekit.bus.payload import wire_date, wire_enum
from servicekit.db import Connection


def _enrolment(row: asyncpg.Record) -> pb.Enrolment:
    return pb.Enrolment(
        enrolment_id=str(row["id"]),
        person_id=str(row["person_id"]),
        level=wire_enum(pb.EducationLevel, row["level"]),
        grade=row["grade"] or 0,
        school=row["school"],
        city_code=row["city_code"],
        public_school=row["public_school"],
        started_on=wire_date(row["started_on"]),
        ended_on=wire_date(row["ended_on"]),
        reason=wire_enum(pb.EnrolmentEndReason, row["end_reason"]),
    )


def student_enrolled(row: asyncpg.Record) -> pb.StudentEnrolled:
    return pb.StudentEnrolled(enrolment=_enrolment(row), version=row["version"])


def enrolment_ended(row: asyncpg.Record) -> pb.EnrolmentEnded:
    return pb.EnrolmentEnded(enrolment=_enrolment(row), version=row["version"])


def student_graduated(row: asyncpg.Record, enrolment: asyncpg.Record) -> pb.StudentGraduated:
    return pb.StudentGraduated(
        graduation_id=str(row["id"]),
        person_id=str(row["person_id"]),
        enrolment_id=str(row["enrolment_id"]),
        level=wire_enum(pb.EducationLevel, enrolment["level"]),
        school=enrolment["school"],
        city_code=enrolment["city_code"],
        graduated_on=wire_date(row["graduated_on"]),
        graduation_year=row["graduation_year"],
        version=row["version"],
    )


def student_aid_granted(row: asyncpg.Record) -> pb.StudentAidGranted:
    return pb.StudentAidGranted(
        aid_id=str(row["id"]),
        person_id=str(row["person_id"]),
        enrolment_id=str(row["enrolment_id"]),
        kind=wire_enum(pb.StudentAidKind, row["kind"]),
        amount_fen=row["amount_fen"],
        granted_on=wire_date(row["granted_on"]),
        version=row["version"],
    )


async def current_state(conn: Connection) -> AsyncIterator[Message]:
    """Every enrolment, graduation and grant as an event at its current version
    (`ServiceSpec.snapshot`, for `python -m servicekit.bus republish education`)."""
    async for row in repository.every_row(conn, "enrolments"):
        yield enrolment_ended(row) if row["ended_on"] is not None else student_enrolled(row)
    graduations = [row async for row in repository.every_row(conn, "graduations")]
    enrolments = await repository.enrolments_by_ids(conn, [g["enrolment_id"] for g in graduations])
    for row in graduations:
        yield student_graduated(row, enrolments[row["enrolment_id"]])
    async for row in repository.every_row(conn, "student_aid"):
        yield student_aid_granted(row)
