"""The events health publishes (proto/fujian/events/health/v1/events.proto), built from
stored rows. Each carries its record's whole state and version (docs/adding-an-event.md);
the mutations `emit` them in the transaction that wrote the row."""

from __future__ import annotations

from collections.abc import AsyncIterator

import asyncpg
from google.protobuf.message import Message

from fujian.events.health.v1 import events_pb2 as pb
from health import repository
from servicekit.bus.payload import wire_date, wire_enum
from servicekit.db import Connection


def medical_insurance_enrolled(row: asyncpg.Record) -> pb.MedicalInsuranceEnrolled:
    return pb.MedicalInsuranceEnrolled(
        enrolment_id=str(row["id"]),
        person_id=str(row["person_id"]),
        year=row["year"],
        city_code=row["city_code"],
        premium_fen=row["premium_fen"],
        paid_by_government_fen=row["paid_by_government_fen"],
        enrolled_on=wire_date(row["enrolled_on"]),
        covers=[wire_enum(pb.MedicalCover, c) for c in row["covers"]],
        version=row["version"],
    )


def family_doctor_signed(row: asyncpg.Record) -> pb.FamilyDoctorContractSigned:
    return pb.FamilyDoctorContractSigned(
        contract_id=str(row["id"]),
        person_id=str(row["person_id"]),
        clinic=row["clinic"],
        signed_on=wire_date(row["signed_on"]),
        ends_on=wire_date(row["ends_on"]) if row["ends_on"] else "",
        fee_fen=row["fee_fen"],
        subsidy_fen=row["subsidy_fen"],
        chronic_diseases=[wire_enum(pb.ChronicDisease, d) for d in row["chronic_diseases"]],
        version=row["version"],
    )


def patient_admitted(row: asyncpg.Record) -> pb.PatientAdmitted:
    return pb.PatientAdmitted(
        admission_id=str(row["id"]),
        person_id=str(row["person_id"]),
        hospital=row["hospital"],
        county_code=row["county_code"],
        designated=row["designated"],
        admitted_on=wire_date(row["admitted_on"]),
        treat_first_pay_later=row["treat_first_pay_later"],
        version=row["version"],
    )


def bill_settled(row: asyncpg.Record) -> pb.HospitalBillSettled:
    return pb.HospitalBillSettled(
        settlement_id=str(row["id"]),
        person_id=str(row["person_id"]),
        admission_id=str(row["admission_id"]),
        settled_on=wire_date(row["settled_on"]),
        total_fen=row["total_fen"],
        reimbursed_fen=row["reimbursed_fen"],
        version=row["version"],
    )


async def current_state(conn: Connection) -> AsyncIterator[Message]:
    """Every record as an event at its current version (`ServiceSpec.snapshot`, for
    `python -m servicekit.bus republish health`)."""
    async for row in repository.every_row(conn, "medical_enrolments"):
        yield medical_insurance_enrolled(row)
    async for row in repository.every_row(conn, "family_doctor_contracts"):
        yield family_doctor_signed(row)
    async for row in repository.every_row(conn, "admissions"):
        yield patient_admitted(row)
    async for row in repository.every_row(conn, "hospital_settlements"):
        yield bill_settled(row)
