"""Health's demo records (clauses 七, 八), loaded through the gateway after settlement and
social security recorded everyone (devstack.demo): for the first registered poor personas
still registered, medical insurance enrolments, family-doctor contracts, admissions and a
one-stop settlement, chosen so that each entitlement shows both a granted or eligible
persona and a refused one (the personas who are not, or no longer, registered poor).

`record_case` records a rule-test case's health facts (tests/rules) through the same
mutations, for the end-to-end run of the rule tests.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from devstack.demo.gateway import Gateway
from devstack.demo.personas import Resident
from servicekit.values import today

if TYPE_CHECKING:
    from servicekit.entitlements.cases import Case

ENROL = (
    """mutation Enrol($input: EnrolMedicalInsuranceInput!) { enrolMedicalInsurance(input: $input) { id } }"""
)
SIGN = """mutation Sign($input: SignFamilyDoctorInput!) { signFamilyDoctor(input: $input) { id } }"""
ADMIT = """mutation Admit($input: RecordAdmissionInput!) { recordAdmission(input: $input) { id } }"""
SETTLE = """mutation Settle($input: RecordSettlementInput!) { recordSettlement(input: $input) { id } }"""

ALL_COVERS = ["CRITICAL_ILLNESS", "MEDICAL_ASSISTANCE", "PRECISION_POVERTY"]


def enrol(
    gateway: Gateway,
    person_id: str,
    year: int,
    premium_fen: int,
    government_fen: int,
    enrolled_on: date,
    *,
    city: str = "350203",
    covers: Sequence[str] = (),
) -> str:
    enrolment: str = gateway(
        ENROL,
        {
            "input": {
                "personId": person_id,
                "year": year,
                "cityCode": city,
                "premiumFen": premium_fen,
                "paidByGovernmentFen": government_fen,
                "enrolledOn": enrolled_on.isoformat(),
                "covers": list(covers),
            }
        },
    )["enrolMedicalInsurance"]["id"]
    return enrolment


def sign(
    gateway: Gateway,
    person_id: str,
    signed_on: date,
    fee_fen: int,
    subsidy_fen: int,
    *,
    clinic: str = "某社区卫生服务中心",
    ends_on: date | None = None,
    chronic: Sequence[str] = (),
) -> None:
    gateway(
        SIGN,
        {
            "input": {
                "personId": person_id,
                "clinic": clinic,
                "signedOn": signed_on.isoformat(),
                "endsOn": None if ends_on is None else ends_on.isoformat(),
                "feeFen": fee_fen,
                "subsidyFen": subsidy_fen,
                "chronicDiseases": list(chronic),
            }
        },
    )


def admit(
    gateway: Gateway,
    person_id: str,
    admitted_on: date,
    *,
    hospital: str = "某县医院",
    county: str = "350821",
    designated: bool = True,
    treat_first_pay_later: bool = False,
) -> str:
    admission: str = gateway(
        ADMIT,
        {
            "input": {
                "personId": person_id,
                "hospital": hospital,
                "countyCode": county,
                "designated": designated,
                "admittedOn": admitted_on.isoformat(),
                "treatFirstPayLater": treat_first_pay_later,
            }
        },
    )["recordAdmission"]["id"]
    return admission


def settle(
    gateway: Gateway, admission_id: str, settled_on: date, total_fen: int, reimbursed_fen: int
) -> None:
    gateway(
        SETTLE,
        {
            "input": {
                "admissionId": admission_id,
                "settledOn": settled_on.isoformat(),
                "totalFen": total_fen,
                "reimbursedFen": reimbursed_fen,
            }
        },
    )


def record_case(gateway: Gateway, person_id: str, case: Case) -> None:
    """Record a rule-test case's health facts through the gateway: its `medical_insurance`,
    `family_doctor` and `admissions` keys (health.entitlements.cases). The person is
    registered at settlement already; poverty and hukou are recorded by their owners."""
    from health.entitlements.cases import HealthCase  # the department's case format

    own = HealthCase.of(case.facts)
    for e in own.medical_insurance:
        enrol(
            gateway,
            person_id,
            e.year,
            e.premium_fen,
            e.government_fen,
            e.enrolled,
            city=e.city,
            covers=e.covers,
        )
    for c in own.family_doctor:
        sign(
            gateway,
            person_id,
            c.signed,
            c.fee_fen,
            c.subsidy_fen,
            clinic=c.clinic,
            ends_on=c.ends,
            chronic=c.chronic,
        )
    for a in own.admissions:
        admission = admit(
            gateway,
            person_id,
            a.admitted,
            hospital=a.hospital,
            county=a.county,
            designated=a.designated,
            treat_first_pay_later=a.treat_first_pay_later,
        )
        if a.settlement is not None:
            s = a.settlement
            settle(gateway, admission, s.settled, s.total_fen, s.reimbursed_fen)


def load(gateway: Gateway, residents: Sequence[Resident]) -> None:
    """By position among the registered poor personas still registered: 0 insured for this
    year with the premium paid in full and every cover, a chronic-disease contract paid in
    full, and in hospital under treat-first-pay-later; 1 insured with the premium paid in
    part and one cover, a general contract paid in part, and a bill settled in one stop;
    2 admitted with a deposit. The others keep no health records."""
    poor = [r.id for r in residents if r.person.poverty_registered_on and not r.person.poverty_lifted_on]
    day = today()
    first = date(day.year, 1, 1)
    if len(poor) > 0:
        enrol(gateway, poor[0], day.year, 38000, 38000, first, covers=ALL_COVERS)
        sign(gateway, poor[0], first, 1200, 1200, chronic=["HYPERTENSION", "DIABETES"])
        admit(gateway, poor[0], first, treat_first_pay_later=True)
    if len(poor) > 1:
        enrol(gateway, poor[1], day.year, 38000, 20000, first, covers=["CRITICAL_ILLNESS"])
        sign(gateway, poor[1], first, 1200, 600)
        admission = admit(gateway, poor[1], first, hospital="某市第一医院", county="350203")
        settle(gateway, admission, first, 800000, 720000)
    if len(poor) > 2:
        admit(gateway, poor[2], first, treat_first_pay_later=False)
