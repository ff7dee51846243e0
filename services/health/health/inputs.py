"""Health's mutation inputs."""

from __future__ import annotations

from datetime import date

import strawberry

from health.kinds import ChronicDisease, MedicalCover


@strawberry.input(
    description="Enrol a person in urban and rural residents' basic medical insurance "
    "(城乡居民基本医疗保险) for a year (clause 八)."
)
class EnrolMedicalInsuranceInput:
    person_id: strawberry.ID
    year: int = strawberry.field(description="The insurance year (参保年度): the enrolment year or the next.")
    city_code: str = strawberry.field(description="GB/T 2260 code of the city or county insured in.")
    premium_fen: int = strawberry.field(description="The individual premium of the year, integer fen ≥ 0.")
    paid_by_government_fen: int = strawberry.field(
        description="The part of the premium the government paid (财政资助), integer fen, 0 to premiumFen."
    )
    enrolled_on: date
    covers: list[MedicalCover] = strawberry.field(
        default_factory=list,
        description="Covers besides basic insurance: critical illness, medical assistance, "
        "precision poverty.",
    )


@strawberry.input(description="Record a family-doctor contract (家庭医生签约, clauses 七 and 八).")
class SignFamilyDoctorInput:
    person_id: strawberry.ID
    clinic: str = strawberry.field(description="The clinic or family-doctor team.")
    signed_on: date
    fee_fen: int = strawberry.field(
        description="The personal part of the contract fee (个人缴费部分), fen ≥ 0."
    )
    subsidy_fen: int = strawberry.field(description="The part of feeFen the government pays, 0 to feeFen.")
    chronic_diseases: list[ChronicDisease] = strawberry.field(
        default_factory=list, description="Chronic diseases managed under the contract (慢病签约管理)."
    )
    ends_on: date | None = strawberry.field(
        default=None, description="The contract's planned last day (may lie ahead); null if open-ended."
    )


@strawberry.input(description="Record an inpatient admission (clause 七: 先诊疗后付费).")
class RecordAdmissionInput:
    person_id: strawberry.ID
    hospital: str
    county_code: str = strawberry.field(description="GB/T 2260 code of the hospital's county.")
    designated: bool = strawberry.field(
        description="A designated hospital (定点医院) for treat-first-pay-later."
    )
    admitted_on: date
    treat_first_pay_later: bool = strawberry.field(
        description="Admitted without a deposit, paying after treatment (only at a designated hospital)."
    )


@strawberry.input(
    description="Record the one-stop settlement (一站式结算) of an admission's bill (clause 八)."
)
class RecordSettlementInput:
    admission_id: strawberry.ID
    settled_on: date
    total_fen: int = strawberry.field(description="The bill's total, integer fen ≥ 0.")
    reimbursed_fen: int = strawberry.field(description="The part reimbursed, integer fen, 0 to totalFen.")
