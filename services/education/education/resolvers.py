"""Education's mutations: validate, write the row and its event in one transaction
(`idempotency.write_once`), return the new state.

A person is named by their opaque id; like social security's records, education does not
require settlement's PersonRegistered to have reached its projection first (a malformed id is
NOT_FOUND). Dates may not lie in the future; an enrolment's `endedOn` is its last day.
"""

from __future__ import annotations

import asyncpg

from education import SERVICE, events, repository
from education.inputs import EndEnrolmentInput, EnrolStudentInput, GrantStudentAidInput
from education.kinds import COMPULSORY_LEVELS, EducationLevel, SchoolLeavingReason
from education.types import Enrolment, StudentAid
from servicekit import idempotency
from servicekit.bus.outbox import emit
from servicekit.context import Info
from servicekit.db import Connection
from servicekit.errors import Conflict, NotFound, ValidationFailed
from servicekit.identity import validate_region_code
from servicekit.values import clean_name, parse_id, require_not_future, require_order

# The grades of each compulsory level (九年义务教育: 小学 1–6, 初中 7–9).
_GRADES = {EducationLevel.PRIMARY: range(1, 7), EducationLevel.JUNIOR_SECONDARY: range(7, 10)}


async def enrol_student(info: Info, data: EnrolStudentInput) -> Enrolment:
    person_id = parse_id(data.person_id, field="personId", what="person")
    require_not_future(data.started_on, field="startedOn")
    school = clean_name(data.school, field="school", max_length=100)
    city = validate_region_code(data.city_code)
    if data.level in COMPULSORY_LEVELS:
        grades = _GRADES[data.level]
        if data.grade is None or data.grade not in grades:
            raise ValidationFailed(
                f"A {data.level.name} enrolment needs its grade, {grades[0]} to {grades[-1]}.", field="grade"
            )
    elif data.grade is not None:
        raise ValidationFailed("Only PRIMARY and JUNIOR_SECONDARY enrolments have a grade.", field="grade")

    async def write(conn: Connection) -> asyncpg.Record:
        await repository.lock_person(conn, person_id)
        for other in await repository.person_rows(conn, "enrolments", person_id):
            # One school at a time per level (a student may study at two levels, e.g. a
            # postgraduate who also takes vocational training).
            if other["level"] == data.level.name and (
                other["ended_on"] is None or other["ended_on"] >= data.started_on
            ):
                raise Conflict(
                    f"The person is already enrolled at {data.level.name} level on "
                    f"{data.started_on.isoformat()}.",
                    field="level",
                )
        row = await repository.insert_enrolment(
            conn, person_id, data.level.name, data.grade, school, city, data.public_school, data.started_on
        )
        await emit(conn, events.student_enrolled(row), producer=SERVICE)
        return row

    row = await idempotency.write_once(info, write=write, replay=repository.enrolment_row)
    return Enrolment.from_row(row)


async def end_enrolment(info: Info, data: EndEnrolmentInput) -> Enrolment:
    enrolment_id = parse_id(data.enrolment_id, field="enrolmentId", what="enrolment")
    require_not_future(data.ended_on, field="endedOn")

    async def write(conn: Connection) -> asyncpg.Record:
        found = await repository.enrolment_row(conn, enrolment_id)
        if found is None:
            raise NotFound("No enrolment has that id.", field="enrolmentId")
        await repository.lock_person(conn, found["person_id"])
        current = await repository.enrolment_row(conn, enrolment_id)
        assert current is not None
        if current["ended_on"] is not None:
            raise Conflict("The enrolment has already ended.", field="enrolmentId")
        require_order(current["started_on"], data.ended_on, start_field="startedOn", end_field="endedOn")
        row = await repository.end_enrolment(conn, enrolment_id, data.ended_on, data.reason.name)
        await emit(conn, events.enrolment_ended(row), producer=SERVICE)
        if data.reason is SchoolLeavingReason.GRADUATED:
            graduation = await repository.insert_graduation(
                conn, row["person_id"], enrolment_id, data.ended_on
            )
            await emit(conn, events.student_graduated(graduation, row), producer=SERVICE)
        return row

    row = await idempotency.write_once(info, write=write, replay=repository.enrolment_row)
    return Enrolment.from_row(row)


async def grant_student_aid(info: Info, data: GrantStudentAidInput) -> StudentAid:
    person_id = parse_id(data.person_id, field="personId", what="person")
    enrolment_id = parse_id(data.enrolment_id, field="enrolmentId", what="enrolment")
    require_not_future(data.granted_on, field="grantedOn")
    if data.amount_fen < 0:
        raise ValidationFailed("amountFen is integer fen, 0 or more.", field="amountFen")

    async def write(conn: Connection) -> asyncpg.Record:
        await repository.lock_person(conn, person_id)
        enrolment = await repository.enrolment_row(conn, enrolment_id)
        if enrolment is None or enrolment["person_id"] != person_id:
            raise NotFound("The person has no enrolment with that id.", field="enrolmentId")
        require_order(
            enrolment["started_on"], data.granted_on, start_field="startedOn", end_field="grantedOn"
        )
        for other in await repository.person_rows(conn, "student_aid", person_id):
            same = other["enrolment_id"] == enrolment_id and other["kind"] == data.kind.name
            # The graduates' subsidy is one-time; other aid recurs (per term or year), once a day.
            if same and (other["granted_on"] == data.granted_on or data.kind.name == "GRADUATE_JOB_SEEKING"):
                raise Conflict(f"{data.kind.name} was already granted for that enrolment.", field="kind")
        row = await repository.insert_aid(
            conn, person_id, enrolment_id, data.kind.name, data.amount_fen, data.granted_on
        )
        await emit(conn, events.student_aid_granted(row), producer=SERVICE)
        return row

    row = await idempotency.write_once(info, write=write, replay=repository.aid_row)
    return StudentAid.from_row(row)
