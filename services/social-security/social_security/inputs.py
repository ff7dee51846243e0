"""Social security's mutation inputs."""

from __future__ import annotations

from datetime import date

import strawberry

from social_security.kinds import (
    AssistanceKind,
    DisabilityCategory,
    EnrolmentEndReason,
    InsuranceScheme,
    PaymentPeriod,
)


@strawberry.input(description="Register a person as poor (建档立卡) from a date on.")
class RegisterPovertyInput:
    person_id: strawberry.ID
    household_number: str
    registered_on: date


@strawberry.input(description="Record that a person was lifted out of poverty (脱贫).")
class LiftPovertyInput:
    person_id: strawberry.ID
    lifted_on: date


@strawberry.input(description="Enrol a person in a social insurance scheme (clauses 九, 十).")
class EnrolInsuranceInput:
    person_id: strawberry.ID
    scheme: InsuranceScheme
    started_on: date
    employer: str | None = strawberry.field(
        default=None, description="Required for EMPLOYEE_PENSION and UNEMPLOYMENT."
    )
    project: str | None = strawberry.field(
        default=None, description="WORK_INJURY: the construction project insured (按项目参保)."
    )
    worker_contributes: bool = strawberry.field(
        default=False, description="UNEMPLOYMENT: whether the worker pays the premium (本人缴费)."
    )
    premium_paid_by_government: bool = strawberry.field(
        default=False, description="RESIDENT_PENSION: the government pays the premium (代缴)."
    )


@strawberry.input(description="End an insurance enrolment: `endedOn` is the last day of cover.")
class EndInsuranceInput:
    enrolment_id: strawberry.ID
    ended_on: date
    reason: EnrolmentEndReason


@strawberry.input(description="Record a work injury recognised by law (依法认定为工伤).")
class RecognizeWorkInjuryInput:
    person_id: strawberry.ID
    recognized_on: date
    enrolment_id: strawberry.ID = strawberry.field(description="The person's WORK_INJURY enrolment.")


@strawberry.input(description="Grant social assistance (clause 十一).")
class GrantAssistanceInput:
    person_id: strawberry.ID
    kind: AssistanceKind
    started_on: date
    ends_on: date | None = strawberry.field(description="The last day; null for open-ended dibao.")
    amount_fen: int = strawberry.field(description="Integer fen (分) per period, ≥ 0.")
    period: PaymentPeriod


@strawberry.input(description="End social assistance: `endedOn` is the last day it covers.")
class EndAssistanceInput:
    assistance_id: strawberry.ID
    ended_on: date


@strawberry.input(description="Record a certified disability (残疾人证).")
class RecordDisabilityInput:
    person_id: strawberry.ID
    category: DisabilityCategory
    grade: int = strawberry.field(description="1 (most severe) to 4.")
    certified_on: date


@strawberry.input(description="Revoke a disability record: from `revokedOn` it no longer holds.")
class RevokeDisabilityInput:
    disability_id: strawberry.ID
    revoked_on: date
