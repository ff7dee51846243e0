"""Social security's records besides poverty registration (clauses 九–十一): insurance
enrolments, recognised work injuries, assistance grants and disability status.

Each mutation validates, takes the person's lock, checks the person's other records for
conflicts, writes the row and emits its event in one transaction (`idempotency.write_once`),
as `resolvers.register_poverty` does. A person is named by their opaque id; like
registerPoverty, social security does not require settlement's PersonRegistered to have
reached its projection first (a malformed id is NOT_FOUND).

Dates: an enrolment's `endedOn` and an assistance grant's `endsOn`/`endedOn` are the last
day covered; a disability's `revokedOn` is the first day it no longer holds.
"""

from __future__ import annotations

from datetime import date

import asyncpg

from servicekit import idempotency
from servicekit.bus.outbox import emit
from servicekit.context import Info
from servicekit.db import Connection
from servicekit.errors import Conflict, NotFound, ValidationFailed
from servicekit.values import parse_id, require_not_future, require_order
from social_security import SERVICE, events, repository
from social_security.inputs import (
    EndAssistanceInput,
    EndInsuranceInput,
    EnrolInsuranceInput,
    GrantAssistanceInput,
    RecognizeWorkInjuryInput,
    RecordDisabilityInput,
    RevokeDisabilityInput,
)
from social_security.kinds import AssistanceKind, InsuranceScheme
from social_security.types import Assistance, DisabilityStatus, InsuranceEnrolment, WorkInjury

_EMPLOYER_SCHEMES = {InsuranceScheme.EMPLOYEE_PENSION, InsuranceScheme.UNEMPLOYMENT}
MAX_NAME = 100


def _optional_text(value: str | None, *, field: str) -> str | None:
    if value is None:
        return None
    text = " ".join(value.split())
    if not text:
        return None
    if len(text) > MAX_NAME:
        raise ValidationFailed(f"{field} has at most {MAX_NAME} characters.", field=field)
    return text


def _last_day(row: asyncpg.Record) -> date | None:
    """The last day an assistance grant covers (None: open-ended)."""
    days = [d for d in (row["ends_on"], row["ended_on"]) if d is not None]
    return min(days) if days else None


async def _owned(conn: Connection, row: asyncpg.Record | None, *, field: str, what: str) -> asyncpg.Record:
    """The record, re-read under its person's lock; NOT_FOUND if there is none."""
    if row is None:
        raise NotFound(f"No {what} has that id.", field=field)
    await repository.lock_person(conn, row["person_id"])
    return row


# --- insurance -------------------------------------------------------------------------


async def enrol_insurance(info: Info, data: EnrolInsuranceInput) -> InsuranceEnrolment:
    person_id = parse_id(data.person_id, field="personId", what="person")
    require_not_future(data.started_on, field="startedOn")
    employer = _optional_text(data.employer, field="employer")
    project = _optional_text(data.project, field="project")
    scheme = data.scheme
    if scheme in _EMPLOYER_SCHEMES and employer is None:
        raise ValidationFailed(f"{scheme.name} needs the employer.", field="employer")
    if project is not None and scheme is not InsuranceScheme.WORK_INJURY:
        raise ValidationFailed("Only a WORK_INJURY enrolment names a project.", field="project")
    if data.worker_contributes and scheme is not InsuranceScheme.UNEMPLOYMENT:
        raise ValidationFailed(
            "workerContributes applies to UNEMPLOYMENT enrolments only.", field="workerContributes"
        )
    if data.premium_paid_by_government and scheme is not InsuranceScheme.RESIDENT_PENSION:
        raise ValidationFailed(
            "premiumPaidByGovernment applies to RESIDENT_PENSION enrolments only.",
            field="premiumPaidByGovernment",
        )

    async def write(conn: Connection) -> asyncpg.Record:
        await repository.lock_person(conn, person_id)
        for other in await repository.person_rows(conn, "insurance_enrolments", person_id):
            same = other["scheme"] == scheme.name and (
                scheme is not InsuranceScheme.WORK_INJURY or other["project"] == project
            )
            if same and (other["ended_on"] is None or other["ended_on"] >= data.started_on):
                raise Conflict(
                    f"The person is already enrolled in {scheme.name} on {data.started_on.isoformat()}.",
                    field="scheme",
                )
        row = await repository.insert_enrolment(
            conn,
            person_id,
            scheme.name,
            data.started_on,
            employer,
            project,
            data.worker_contributes,
            data.premium_paid_by_government,
        )
        await emit(conn, events.enrolment_started(row), producer=SERVICE)
        return row

    row = await idempotency.write_once(info, write=write, replay=repository.enrolment_row)
    return InsuranceEnrolment.from_row(row)


async def end_insurance(info: Info, data: EndInsuranceInput) -> InsuranceEnrolment:
    enrolment_id = parse_id(data.enrolment_id, field="enrolmentId", what="enrolment")
    require_not_future(data.ended_on, field="endedOn")

    async def write(conn: Connection) -> asyncpg.Record:
        found = await repository.enrolment_row(conn, enrolment_id)
        await _owned(conn, found, field="enrolmentId", what="enrolment")
        current = await repository.enrolment_row(conn, enrolment_id)
        assert current is not None
        if current["ended_on"] is not None:
            raise Conflict("The enrolment has already ended.", field="enrolmentId")
        require_order(current["started_on"], data.ended_on, start_field="startedOn", end_field="endedOn")
        row = await repository.end_enrolment(conn, enrolment_id, data.ended_on, data.reason.name)
        await emit(conn, events.enrolment_ended(row), producer=SERVICE)
        return row

    row = await idempotency.write_once(info, write=write, replay=repository.enrolment_row)
    return InsuranceEnrolment.from_row(row)


async def recognize_work_injury(info: Info, data: RecognizeWorkInjuryInput) -> WorkInjury:
    person_id = parse_id(data.person_id, field="personId", what="person")
    enrolment_id = parse_id(data.enrolment_id, field="enrolmentId", what="enrolment")
    require_not_future(data.recognized_on, field="recognizedOn")

    async def write(conn: Connection) -> asyncpg.Record:
        await repository.lock_person(conn, person_id)
        enrolment = await repository.enrolment_row(conn, enrolment_id)
        if enrolment is None or enrolment["person_id"] != person_id:
            raise NotFound("The person has no enrolment with that id.", field="enrolmentId")
        if enrolment["scheme"] != InsuranceScheme.WORK_INJURY.name:
            raise ValidationFailed(
                "A work injury is recognised under a WORK_INJURY enrolment.", field="enrolmentId"
            )
        require_order(
            enrolment["started_on"], data.recognized_on, start_field="startedOn", end_field="recognizedOn"
        )
        for other in await repository.person_rows(conn, "work_injuries", person_id):
            if other["enrolment_id"] == enrolment_id and other["recognized_on"] == data.recognized_on:
                raise Conflict("That work injury is already recognised.", field="recognizedOn")
        row = await repository.insert_injury(conn, person_id, enrolment_id, data.recognized_on)
        await emit(conn, events.work_injury_recognized(row), producer=SERVICE)
        return row

    row = await idempotency.write_once(info, write=write, replay=repository.injury_row)
    return WorkInjury.from_row(row)


# --- assistance ------------------------------------------------------------------------


async def grant_assistance(info: Info, data: GrantAssistanceInput) -> Assistance:
    person_id = parse_id(data.person_id, field="personId", what="person")
    require_not_future(data.started_on, field="startedOn")
    if data.ends_on is not None:  # a planned end may lie ahead
        require_order(data.started_on, data.ends_on, start_field="startedOn", end_field="endsOn")
    elif data.kind is AssistanceKind.TEMPORARY:
        raise ValidationFailed("Temporary assistance needs its last day (endsOn).", field="endsOn")
    if data.amount_fen < 0:
        raise ValidationFailed("amountFen is integer fen, 0 or more.", field="amountFen")

    async def write(conn: Connection) -> asyncpg.Record:
        await repository.lock_person(conn, person_id)
        if data.kind is not AssistanceKind.TEMPORARY:  # a person may meet several hardships
            for other in await repository.person_rows(conn, "assistance_grants", person_id):
                last = _last_day(other)
                overlaps = (last is None or last >= data.started_on) and (
                    data.ends_on is None or other["started_on"] <= data.ends_on
                )
                if other["kind"] == data.kind.name and overlaps:
                    raise Conflict(
                        f"The person already receives {data.kind.name} in that period.", field="kind"
                    )
        row = await repository.insert_assistance(
            conn,
            person_id,
            data.kind.name,
            data.started_on,
            data.ends_on,
            data.amount_fen,
            data.period.name,
        )
        await emit(conn, events.assistance_granted(row), producer=SERVICE)
        return row

    row = await idempotency.write_once(info, write=write, replay=repository.assistance_row)
    return Assistance.from_row(row)


async def end_assistance(info: Info, data: EndAssistanceInput) -> Assistance:
    assistance_id = parse_id(data.assistance_id, field="assistanceId", what="assistance")
    require_not_future(data.ended_on, field="endedOn")

    async def write(conn: Connection) -> asyncpg.Record:
        await _owned(
            conn,
            await repository.assistance_row(conn, assistance_id),
            field="assistanceId",
            what="assistance",
        )
        current = await repository.assistance_row(conn, assistance_id)
        assert current is not None
        if current["ended_on"] is not None:
            raise Conflict("The assistance has already ended.", field="assistanceId")
        require_order(current["started_on"], data.ended_on, start_field="startedOn", end_field="endedOn")
        if current["ends_on"] is not None and data.ended_on > current["ends_on"]:
            raise ValidationFailed(
                f"endedOn is after the grant's last day ({current['ends_on'].isoformat()}).", field="endedOn"
            )
        row = await repository.end_assistance(conn, assistance_id, data.ended_on)
        await emit(conn, events.assistance_ended(row), producer=SERVICE)
        return row

    row = await idempotency.write_once(info, write=write, replay=repository.assistance_row)
    return Assistance.from_row(row)


# --- disability ------------------------------------------------------------------------


async def record_disability(info: Info, data: RecordDisabilityInput) -> DisabilityStatus:
    person_id = parse_id(data.person_id, field="personId", what="person")
    require_not_future(data.certified_on, field="certifiedOn")
    if not 1 <= data.grade <= 4:
        raise ValidationFailed("grade is 1 (most severe) to 4.", field="grade")

    async def write(conn: Connection) -> asyncpg.Record:
        await repository.lock_person(conn, person_id)
        for other in await repository.person_rows(conn, "disability_statuses", person_id):
            if other["revoked_on"] is None:
                raise Conflict(
                    "The person already has a disability record; revoke it first.", field="personId"
                )
            if other["revoked_on"] > data.certified_on:
                raise ValidationFailed(
                    "certifiedOn is before the end of the previous record.", field="certifiedOn"
                )
        row = await repository.insert_disability(
            conn, person_id, data.category.name, data.grade, data.certified_on
        )
        await emit(conn, events.disability_recorded(row), producer=SERVICE)
        return row

    row = await idempotency.write_once(info, write=write, replay=repository.disability_row)
    return DisabilityStatus.from_row(row)


async def revoke_disability(info: Info, data: RevokeDisabilityInput) -> DisabilityStatus:
    disability_id = parse_id(data.disability_id, field="disabilityId", what="disability record")
    require_not_future(data.revoked_on, field="revokedOn")

    async def write(conn: Connection) -> asyncpg.Record:
        await _owned(
            conn,
            await repository.disability_row(conn, disability_id),
            field="disabilityId",
            what="disability record",
        )
        current = await repository.disability_row(conn, disability_id)
        assert current is not None
        if current["revoked_on"] is not None:
            raise Conflict("The disability record is already revoked.", field="disabilityId")
        require_order(
            current["certified_on"], data.revoked_on, start_field="certifiedOn", end_field="revokedOn"
        )
        row = await repository.revoke_disability(conn, disability_id, data.revoked_on)
        await emit(conn, events.disability_revoked(row), producer=SERVICE)
        return row

    row = await idempotency.write_once(info, write=write, replay=repository.disability_row)
    return DisabilityStatus.from_row(row)
