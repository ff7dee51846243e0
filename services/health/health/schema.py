"""Health's subgraph schema: extends Person with `health` (records and entitlements of
clauses 七 and 八), and shows operators its event pipeline."""

from __future__ import annotations

import strawberry

from health import SERVICE, records
from health.inputs import (
    EnrolMedicalInsuranceInput,
    RecordAdmissionInput,
    RecordSettlementInput,
    SignFamilyDoctorInput,
)
from health.projections import subscription
from health.types import (
    Admission,
    FamilyDoctorContract,
    HospitalSettlement,
    MedicalInsuranceEnrolment,
    Person,
)
from servicekit import idempotency
from servicekit.audit import AccessLogEntry, access_log_field
from servicekit.bus.status import EventPipeline, event_pipeline_field
from servicekit.context import Info
from servicekit.federation import make_schema


@strawberry.type
class Query:
    # `healthEvents`, for operators only (scope events:operate, checked inside).
    health_events: EventPipeline | None = event_pipeline_field(SERVICE, subscription)
    # `healthAccessLog`, for auditors (scope audit:read, checked inside).
    health_access_log: list[AccessLogEntry] = access_log_field(SERVICE)


# Every mutation is declared with idempotency.mutation and writes through
# idempotency.write_once, so a client's retry cannot write twice (tests/kit/test_idempotency.py
# checks every department).
@strawberry.type
class Mutation:
    @idempotency.mutation(
        description="Enrol a person in residents' basic medical insurance (城乡居民基本医疗保险) for a year."
    )
    async def enrol_medical_insurance(
        self, info: Info, input: EnrolMedicalInsuranceInput
    ) -> MedicalInsuranceEnrolment:
        return await records.enrol_medical_insurance(info, input)

    @idempotency.mutation(description="Record a family-doctor contract (家庭医生签约, 慢病签约管理).")
    async def sign_family_doctor(self, info: Info, input: SignFamilyDoctorInput) -> FamilyDoctorContract:
        return await records.sign_family_doctor(info, input)

    @idempotency.mutation(description="Record an inpatient admission (先诊疗后付费 at designated hospitals).")
    async def record_admission(self, info: Info, input: RecordAdmissionInput) -> Admission:
        return await records.record_admission(info, input)

    @idempotency.mutation(description="Record the one-stop settlement (一站式结算) of an admission's bill.")
    async def record_settlement(self, info: Info, input: RecordSettlementInput) -> HospitalSettlement:
        return await records.record_settlement(info, input)


schema = make_schema(query=Query, mutation=Mutation, types=[Person])
