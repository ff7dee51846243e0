"""就业 Employment's mutations: employment records (城镇就业), job-seeker registrations
(求职登记) and training enrolments (职业技能培训, 学历提升) with the subsidy granted.

Each mutation validates, takes the person's lock, checks the person's other records for
conflicts, writes the row (and, for employment records, emits its event) in one transaction
through `idempotency.write_once`: a retry with the request's Idempotency-Key returns the
first result. A person is named by their opaque id; like social security's mutations, these
do not require settlement's PersonRegistered to have reached employment first (a malformed
id is NOT_FOUND).

Dates: an employment's `endedOn`, a registration's `closedOn` and a training's
`completedOn` are the last day (inclusive). None may lie in the future.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID

import asyncpg

from employment import SERVICE, events, repository
from employment.inputs import (
    CloseJobSeekerRegistrationInput,
    CompleteTrainingInput,
    EndEmploymentInput,
    EnrolTrainingInput,
    RecordEmploymentInput,
    RegisterJobSeekerInput,
)
from employment.types import EmploymentRecord, JobSeekerRegistration, Training
from servicekit import idempotency
from servicekit.bus.outbox import emit
from servicekit.context import Info
from servicekit.db import Connection
from servicekit.errors import Conflict, NotFound, UnknownRegion, ValidationFailed
from servicekit.identity import validate_region_code
from servicekit.values import clean_name, parse_id, require_not_future, require_order

MAX_NAME = 100


def _region(code: str, *, field: str = "cityCode") -> str:
    try:
        return validate_region_code(code.strip())
    except UnknownRegion as exc:
        raise UnknownRegion(str(exc), field=field) from None


def _city(code: str) -> str:
    """The prefecture-level city of a region code (as the target-person test counts it)."""
    return code[:4] + "00"


def _reaches(last: date | None, start: date) -> bool:
    """Whether an earlier record whose last day is `last` (None: still open) overlaps a new,
    open-ended one from `start`."""
    return last is None or last >= start


async def _owned(conn: Connection, table: str, record_id: UUID, *, field: str, what: str) -> asyncpg.Record:
    """The record, re-read under its person's lock; NOT_FOUND if there is none."""
    found = await repository.row_by_id(conn, table, record_id)
    if found is None:
        raise NotFound(f"No {what} has that id.", field=field)
    await repository.lock_person(conn, found["person_id"])
    current = await repository.row_by_id(conn, table, record_id)
    assert current is not None
    return current


# --- employment records ----------------------------------------------------------------


async def record_employment(info: Info, data: RecordEmploymentInput) -> EmploymentRecord:
    person_id = parse_id(data.person_id, field="personId", what="person")
    employer = clean_name(data.employer, field="employer", max_length=MAX_NAME)
    city_code = _region(data.city_code)
    require_not_future(data.started_on, field="startedOn")

    async def write(conn: Connection) -> asyncpg.Record:
        await repository.lock_person(conn, person_id)
        for other in await repository.person_rows(conn, "employments", person_id):
            if other["employer"] == employer and _reaches(other["ended_on"], data.started_on):
                raise Conflict(
                    f"The person already works for {employer} on {data.started_on.isoformat()}.",
                    field="employer",
                )
        row = await repository.insert_employment(
            conn, person_id, employer, data.industry.name, city_code, data.started_on
        )
        # Same transaction as the row: the event exists exactly when the record does.
        await emit(conn, events.employment_started(row), producer=SERVICE)
        return row

    row = await idempotency.write_once(info, write=write, replay=repository.employment_row)
    return EmploymentRecord.from_row(row)


async def end_employment(info: Info, data: EndEmploymentInput) -> EmploymentRecord:
    employment_id = parse_id(data.employment_id, field="employmentId", what="employment")
    require_not_future(data.ended_on, field="endedOn")

    async def write(conn: Connection) -> asyncpg.Record:
        current = await _owned(conn, "employments", employment_id, field="employmentId", what="employment")
        if current["ended_on"] is not None:
            raise Conflict("The employment has already ended.", field="employmentId")
        require_order(current["started_on"], data.ended_on, start_field="startedOn", end_field="endedOn")
        row = await repository.end_employment(conn, employment_id, data.ended_on)
        await emit(conn, events.employment_ended(row), producer=SERVICE)
        return row

    row = await idempotency.write_once(info, write=write, replay=repository.employment_row)
    return EmploymentRecord.from_row(row)


# --- job-seeker registrations ----------------------------------------------------------


async def register_job_seeker(info: Info, data: RegisterJobSeekerInput) -> JobSeekerRegistration:
    person_id = parse_id(data.person_id, field="personId", what="person")
    city_code = _region(data.city_code)
    require_not_future(data.registered_on, field="registeredOn")

    async def write(conn: Connection) -> asyncpg.Record:
        await repository.lock_person(conn, person_id)
        for other in await repository.person_rows(conn, "job_seeker_registrations", person_id):
            if _city(other["city_code"]) == _city(city_code) and _reaches(
                other["closed_on"], data.registered_on
            ):
                raise Conflict(
                    "The person is already registered as a job seeker in that city "
                    f"on {data.registered_on.isoformat()}.",
                    field="cityCode",
                )
        return await repository.insert_registration(conn, person_id, city_code, data.registered_on)

    row = await idempotency.write_once(info, write=write, replay=repository.registration_row)
    return JobSeekerRegistration.from_row(row)


async def close_job_seeker_registration(
    info: Info, data: CloseJobSeekerRegistrationInput
) -> JobSeekerRegistration:
    registration_id = parse_id(data.registration_id, field="registrationId", what="registration")
    require_not_future(data.closed_on, field="closedOn")

    async def write(conn: Connection) -> asyncpg.Record:
        current = await _owned(
            conn, "job_seeker_registrations", registration_id, field="registrationId", what="registration"
        )
        if current["closed_on"] is not None:
            raise Conflict("The registration is already closed.", field="registrationId")
        require_order(
            current["registered_on"], data.closed_on, start_field="registeredOn", end_field="closedOn"
        )
        return await repository.close_registration(conn, registration_id, data.closed_on)

    row = await idempotency.write_once(info, write=write, replay=repository.registration_row)
    return JobSeekerRegistration.from_row(row)


# --- training --------------------------------------------------------------------------


async def enrol_training(info: Info, data: EnrolTrainingInput) -> Training:
    person_id = parse_id(data.person_id, field="personId", what="person")
    course = clean_name(data.course, field="course", max_length=MAX_NAME)
    city_code = _region(data.city_code)
    require_not_future(data.started_on, field="startedOn")
    if data.subsidy_fen < 0:
        raise ValidationFailed("subsidyFen is integer fen, 0 or more.", field="subsidyFen")

    async def write(conn: Connection) -> asyncpg.Record:
        await repository.lock_person(conn, person_id)
        for other in await repository.person_rows(conn, "trainings", person_id):
            same = other["kind"] == data.kind.name and other["course"] == course
            if same and _reaches(other["completed_on"], data.started_on):
                raise Conflict(
                    f"The person is already enrolled in {course} on {data.started_on.isoformat()}.",
                    field="course",
                )
        return await repository.insert_training(
            conn, person_id, data.kind.name, course, city_code, data.started_on, data.subsidy_fen
        )

    row = await idempotency.write_once(info, write=write, replay=repository.training_row)
    return Training.from_row(row)


async def complete_training(info: Info, data: CompleteTrainingInput) -> Training:
    training_id = parse_id(data.training_id, field="trainingId", what="training")
    require_not_future(data.completed_on, field="completedOn")

    async def write(conn: Connection) -> asyncpg.Record:
        current = await _owned(conn, "trainings", training_id, field="trainingId", what="training")
        if current["completed_on"] is not None:
            raise Conflict("The training is already completed.", field="trainingId")
        require_order(
            current["started_on"], data.completed_on, start_field="startedOn", end_field="completedOn"
        )
        return await repository.complete_training(conn, training_id, data.completed_on)

    row = await idempotency.write_once(info, write=write, replay=repository.training_row)
    return Training.from_row(row)
