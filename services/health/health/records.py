"""Health's mutations (clauses 七, 八): medical insurance enrolment, family-doctor
contracts, hospital admissions and one-stop settlements.

Each validates its input, takes the person's lock, checks the person's other records for
conflicts, writes the row and emits its event in one transaction (`idempotency.write_once`),
so a retried request returns the first result. A person is named by their opaque id; like
social security, health does not wait for settlement's PersonRegistered to reach its
projection (a malformed id is NOT_FOUND).

Dates: a contract's `endsOn` is its planned last day and may lie ahead; every other date
is a day that has happened, so it cannot be in the future.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from enum import Enum

import asyncpg

from health import SERVICE, events, repository
from health.inputs import (
    EnrolMedicalInsuranceInput,
    RecordAdmissionInput,
    RecordSettlementInput,
    SignFamilyDoctorInput,
)
from health.types import Admission, FamilyDoctorContract, HospitalSettlement, MedicalInsuranceEnrolment
from servicekit import idempotency
from servicekit.bus.outbox import emit
from servicekit.context import Info
from servicekit.db import Connection
from servicekit.errors import Conflict, NotFound, UnknownRegion, ValidationFailed
from servicekit.identity import validate_region_code
from servicekit.values import clean_name, parse_id, require_not_future, require_order

MAX_NAME = 100


def _fen(value: int, *, field: str, at_most: int | None = None, of: str = "") -> int:
    if value < 0:
        raise ValidationFailed(f"{field} is integer fen, 0 or more.", field=field)
    if at_most is not None and value > at_most:
        raise ValidationFailed(f"{field} is at most {of} ({at_most} fen).", field=field)
    return value


def _region(code: str, *, field: str) -> str:
    try:
        return validate_region_code(code)
    except UnknownRegion as exc:
        raise UnknownRegion(exc.message, field=field) from None


def _names(values: Sequence[Enum]) -> list[str]:
    """Enum names once each, in the order given."""
    return list(dict.fromkeys(v.name for v in values))


def _overlaps(start: date, end: date | None, other_start: date, other_end: date | None) -> bool:
    return (other_end is None or other_end >= start) and (end is None or other_start <= end)


async def enrol_medical_insurance(info: Info, data: EnrolMedicalInsuranceInput) -> MedicalInsuranceEnrolment:
    person_id = parse_id(data.person_id, field="personId", what="person")
    require_not_future(data.enrolled_on, field="enrolledOn")
    if not data.enrolled_on.year <= data.year <= data.enrolled_on.year + 1:
        raise ValidationFailed(
            "year is the year of enrolment or the next (参保年度; enrolment opens before the year).",
            field="year",
        )
    city = _region(data.city_code, field="cityCode")
    premium = _fen(data.premium_fen, field="premiumFen")
    paid = _fen(data.paid_by_government_fen, field="paidByGovernmentFen", at_most=premium, of="premiumFen")
    covers = _names(data.covers)

    async def write(conn: Connection) -> asyncpg.Record:
        await repository.lock_person(conn, person_id)
        for other in await repository.person_rows(conn, "medical_enrolments", person_id):
            if other["year"] == data.year:
                raise Conflict(f"The person is already enrolled for {data.year}.", field="year")
        row = await repository.insert_enrolment(
            conn, person_id, data.year, city, premium, paid, data.enrolled_on, covers
        )
        await emit(conn, events.medical_insurance_enrolled(row), producer=SERVICE)
        return row

    row = await idempotency.write_once(info, write=write, replay=repository.enrolment_row)
    return MedicalInsuranceEnrolment.from_row(row)


async def sign_family_doctor(info: Info, data: SignFamilyDoctorInput) -> FamilyDoctorContract:
    person_id = parse_id(data.person_id, field="personId", what="person")
    clinic = clean_name(data.clinic, field="clinic", max_length=MAX_NAME)
    require_not_future(data.signed_on, field="signedOn")
    if data.ends_on is not None:  # a planned last day may lie ahead
        require_order(data.signed_on, data.ends_on, start_field="signedOn", end_field="endsOn")
    fee = _fen(data.fee_fen, field="feeFen")
    subsidy = _fen(data.subsidy_fen, field="subsidyFen", at_most=fee, of="feeFen")
    diseases = _names(data.chronic_diseases)

    async def write(conn: Connection) -> asyncpg.Record:
        await repository.lock_person(conn, person_id)
        for other in await repository.person_rows(conn, "family_doctor_contracts", person_id):
            if _overlaps(data.signed_on, data.ends_on, other["signed_on"], other["ends_on"]):
                raise Conflict(
                    "The person already has a family-doctor contract in that period.", field="signedOn"
                )
        row = await repository.insert_contract(
            conn, person_id, clinic, data.signed_on, data.ends_on, fee, subsidy, diseases
        )
        await emit(conn, events.family_doctor_signed(row), producer=SERVICE)
        return row

    row = await idempotency.write_once(info, write=write, replay=repository.contract_row)
    return FamilyDoctorContract.from_row(row)


async def record_admission(info: Info, data: RecordAdmissionInput) -> Admission:
    person_id = parse_id(data.person_id, field="personId", what="person")
    hospital = clean_name(data.hospital, field="hospital", max_length=MAX_NAME)
    county = _region(data.county_code, field="countyCode")
    require_not_future(data.admitted_on, field="admittedOn")
    if data.treat_first_pay_later and not data.designated:
        raise ValidationFailed(
            "Treat-first-pay-later (先诊疗后付费) is offered at designated hospitals only.",
            field="treatFirstPayLater",
        )

    async def write(conn: Connection) -> asyncpg.Record:
        await repository.lock_person(conn, person_id)
        for other in await repository.person_rows(conn, "admissions", person_id):
            if other["hospital"] == hospital and other["admitted_on"] == data.admitted_on:
                raise Conflict("That admission is already recorded.", field="admittedOn")
        row = await repository.insert_admission(
            conn, person_id, hospital, county, data.designated, data.admitted_on, data.treat_first_pay_later
        )
        await emit(conn, events.patient_admitted(row), producer=SERVICE)
        return row

    row = await idempotency.write_once(info, write=write, replay=repository.admission_row)
    return Admission.from_row(row)


async def record_settlement(info: Info, data: RecordSettlementInput) -> HospitalSettlement:
    admission_id = parse_id(data.admission_id, field="admissionId", what="admission")
    require_not_future(data.settled_on, field="settledOn")
    total = _fen(data.total_fen, field="totalFen")
    reimbursed = _fen(data.reimbursed_fen, field="reimbursedFen", at_most=total, of="totalFen")

    async def write(conn: Connection) -> asyncpg.Record:
        found = await repository.admission_row(conn, admission_id)
        if found is None:
            raise NotFound("No admission has that id.", field="admissionId")
        await repository.lock_person(conn, found["person_id"])
        admission = await repository.admission_row(conn, admission_id)
        assert admission is not None
        require_order(
            admission["admitted_on"], data.settled_on, start_field="admittedOn", end_field="settledOn"
        )
        if await repository.settlement_of_admission(conn, admission_id) is not None:
            raise Conflict("The admission's bill is already settled.", field="admissionId")
        row = await repository.insert_settlement(
            conn, admission_id, admission["person_id"], data.settled_on, total, reimbursed
        )
        await emit(conn, events.bill_settled(row), producer=SERVICE)
        return row

    row = await idempotency.write_once(info, write=write, replay=repository.settlement_row)
    return HospitalSettlement.from_row(row)
