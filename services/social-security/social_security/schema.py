"""Social security's subgraph schema: extends Person with `socialSecurity` and
`socialSecurityFacts`, and shows operators its event pipeline."""

from __future__ import annotations

import strawberry

from servicekit import idempotency
from servicekit.audit import AccessLogEntry, access_log_field
from servicekit.bus.status import EventPipeline, event_pipeline_field
from servicekit.context import Info
from servicekit.federation import make_schema
from social_security import SERVICE, records, resolvers
from social_security.inputs import (
    EndAssistanceInput,
    EndInsuranceInput,
    EnrolInsuranceInput,
    GrantAssistanceInput,
    LiftPovertyInput,
    RecognizeWorkInjuryInput,
    RecordDisabilityInput,
    RegisterPovertyInput,
    RevokeDisabilityInput,
)
from social_security.projections import subscription
from social_security.types import (
    Assistance,
    DisabilityStatus,
    InsuranceEnrolment,
    Person,
    PovertyRegistration,
    WorkInjury,
)


@strawberry.type
class Query:
    poverty_household: list[PovertyRegistration] = strawberry.field(
        resolver=resolvers.poverty_household,
        description="Every poverty registration of a poor household (贫困户), oldest first.",
    )

    # `socialSecurityEvents`, for operators only (scope events:operate, checked inside).
    social_security_events: EventPipeline | None = event_pipeline_field(SERVICE, subscription)
    # `social_securityAccessLog`, for auditors (scope audit:read, checked inside).
    social_security_access_log: list[AccessLogEntry] = access_log_field(SERVICE)


# Every mutation is declared with idempotency.mutation and writes through
# idempotency.write_once (tests/kit/test_idempotency.py checks it).
@strawberry.type
class Mutation:
    @idempotency.mutation(description="Register a person as poor (建档立卡).")
    async def register_poverty(self, info: Info, input: RegisterPovertyInput) -> PovertyRegistration:
        return await resolvers.register_poverty(info, input)

    @idempotency.mutation(description="Record that a person was lifted out of poverty (脱贫).")
    async def lift_poverty(self, info: Info, input: LiftPovertyInput) -> PovertyRegistration:
        return await resolvers.lift_poverty(info, input)

    @idempotency.mutation(description="Enrol a person in a social insurance scheme (clauses 九, 十).")
    async def enrol_insurance(self, info: Info, input: EnrolInsuranceInput) -> InsuranceEnrolment:
        return await records.enrol_insurance(info, input)

    @idempotency.mutation(description="End an insurance enrolment (its last day of cover and why).")
    async def end_insurance(self, info: Info, input: EndInsuranceInput) -> InsuranceEnrolment:
        return await records.end_insurance(info, input)

    @idempotency.mutation(description="Record a work injury recognised by law (依法认定为工伤).")
    async def recognize_work_injury(self, info: Info, input: RecognizeWorkInjuryInput) -> WorkInjury:
        return await records.recognize_work_injury(info, input)

    @idempotency.mutation(
        description="Grant social assistance: dibao, temporary assistance, special hardship."
    )
    async def grant_assistance(self, info: Info, input: GrantAssistanceInput) -> Assistance:
        return await records.grant_assistance(info, input)

    @idempotency.mutation(description="End social assistance (its last day).")
    async def end_assistance(self, info: Info, input: EndAssistanceInput) -> Assistance:
        return await records.end_assistance(info, input)

    @idempotency.mutation(description="Record a certified disability (残疾人证).")
    async def record_disability(self, info: Info, input: RecordDisabilityInput) -> DisabilityStatus:
        return await records.record_disability(info, input)

    @idempotency.mutation(description="Revoke a disability record from a date on.")
    async def revoke_disability(self, info: Info, input: RevokeDisabilityInput) -> DisabilityStatus:
        return await records.revoke_disability(info, input)


schema = make_schema(query=Query, mutation=Mutation, types=[Person])
