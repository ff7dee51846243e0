"""What health's rules read: the target-person facts (settlement's hukou and residence,
social security's poverty registrations and employment's records, as health's projections
hold them) and health's own records — medical insurance enrolments, family-doctor
contracts, admissions and one-stop settlements — each with its source so a decision can
cite it.

Day conventions: an enrolment covers its insurance year from the day it was recorded
(`enrolled_on`) and at the earliest from 1 January; a contract's `ends_on` is its last day;
an admission goes on until the day its bill is settled.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from servicekit.entitlements.model import Fact, Source
from servicekit.entitlements.target import TargetFacts

DEPARTMENT = "health"

# The covers an enrolment may add to basic medical insurance (clause 八), in the order the
# clause names them.
COVERS = ("CRITICAL_ILLNESS", "MEDICAL_ASSISTANCE", "PRECISION_POVERTY")


@dataclass(frozen=True)
class Enrolment:
    id: str
    year: int
    city: str
    premium_fen: int
    paid_by_government_fen: int
    enrolled_on: date
    covers: tuple[str, ...]
    source: Source

    @property
    def fully_subsidised(self) -> bool:
        return self.paid_by_government_fen == self.premium_fen

    def fact(self) -> Fact:
        covers = ", ".join(self.covers) or "none"
        return Fact(
            "medicalInsuranceEnrolment",
            f"{self.year} in {self.city}, enrolled {self.enrolled_on.isoformat()}; premium "
            f"{self.premium_fen} fen, paid by government {self.paid_by_government_fen} fen; "
            f"covers: {covers}",
            self.source,
        )


@dataclass(frozen=True)
class Contract:
    id: str
    clinic: str
    signed_on: date
    ends_on: date | None
    fee_fen: int  # the personal part of the fee (个人缴费部分)
    subsidy_fen: int
    chronic_diseases: tuple[str, ...]
    source: Source

    def in_force(self, day: date) -> bool:
        return self.signed_on <= day and (self.ends_on is None or day <= self.ends_on)

    def fact(self) -> Fact:
        until = self.ends_on.isoformat() if self.ends_on else "open-ended"
        diseases = ", ".join(self.chronic_diseases) or "none"
        return Fact(
            "familyDoctorContract",
            f"{self.clinic} from {self.signed_on.isoformat()} to {until}; personal fee "
            f"{self.fee_fen} fen, subsidy {self.subsidy_fen} fen; chronic diseases: {diseases}",
            self.source,
        )


@dataclass(frozen=True)
class Settlement:
    id: str
    admission_id: str
    settled_on: date
    total_fen: int
    reimbursed_fen: int
    source: Source

    def fact(self) -> Fact:
        return Fact(
            "oneStopSettlement",
            f"settled {self.settled_on.isoformat()}: total {self.total_fen} fen, reimbursed "
            f"{self.reimbursed_fen} fen",
            self.source,
        )


@dataclass(frozen=True)
class Admission:
    id: str
    hospital: str
    county: str
    designated: bool
    admitted_on: date
    treat_first_pay_later: bool
    source: Source

    def fact(self) -> Fact:
        where = "designated" if self.designated else "not designated"
        how = "treat first, pay later" if self.treat_first_pay_later else "deposit paid"
        return Fact(
            "admission",
            f"{self.hospital} ({self.county}, {where}) from {self.admitted_on.isoformat()}; {how}",
            self.source,
        )


@dataclass(frozen=True)
class RuleFacts:
    """One person's facts as health's rules read them."""

    target: TargetFacts
    enrolments: Sequence[Enrolment] = ()
    contracts: Sequence[Contract] = ()
    admissions: Sequence[Admission] = ()
    settlements: Sequence[Settlement] = ()
