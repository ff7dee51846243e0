"""What social security's rules read: the target-person facts (settlement's hukou and
residence as its projections hold them, and its own poverty registrations), the person's
birth date, and its own insurance, injury, assistance and disability records, each with
its source so a decision can cite it.

Day conventions: an enrolment's `ended_on` and an assistance grant's last day are the last
day covered; a disability's `revoked_on` is the first day it no longer holds (as a
poverty registration's `lifted_on`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from servicekit.entitlements.model import Fact, Source
from servicekit.entitlements.target import TargetFacts

DEPARTMENT = "social-security"


@dataclass(frozen=True)
class Enrolment:
    id: str
    scheme: str  # RESIDENT_PENSION, EMPLOYEE_PENSION, UNEMPLOYMENT or WORK_INJURY
    started_on: date
    ended_on: date | None
    end_reason: str | None  # JOB_LOST, LEFT or OTHER once ended
    employer: str | None
    project: str | None
    worker_contributes: bool
    premium_paid_by_government: bool
    source: Source

    def covers(self, day: date) -> bool:
        return self.started_on <= day and (self.ended_on is None or day <= self.ended_on)

    def fact(self) -> Fact:
        until = self.ended_on.isoformat() if self.ended_on else "ongoing"
        parts = [f"{self.scheme} from {self.started_on.isoformat()} to {until}"]
        if self.end_reason:
            parts.append(f"ended: {self.end_reason}")
        if self.employer:
            parts.append(f"employer: {self.employer}")
        if self.project:
            parts.append(f"project: {self.project}")
        if self.scheme == "UNEMPLOYMENT":
            parts.append(f"worker contributes: {str(self.worker_contributes).lower()}")
        if self.scheme == "RESIDENT_PENSION":
            parts.append(f"premium paid by government: {str(self.premium_paid_by_government).lower()}")
        return Fact("insuranceEnrolment", "; ".join(parts), self.source)


@dataclass(frozen=True)
class WorkInjury:
    id: str
    enrolment_id: str
    recognized_on: date
    source: Source

    def fact(self) -> Fact:
        return Fact("workInjury", f"recognised {self.recognized_on.isoformat()}", self.source)


@dataclass(frozen=True)
class AssistanceGrant:
    id: str
    kind: str  # DIBAO, TEMPORARY or SPECIAL_HARDSHIP
    started_on: date
    last_day: date | None  # the planned or actual last day, whichever is earlier; None: open
    amount_fen: int
    period: str  # MONTHLY or ONE_TIME
    source: Source

    def covers(self, day: date) -> bool:
        return self.started_on <= day and (self.last_day is None or day <= self.last_day)

    def fact(self) -> Fact:
        until = self.last_day.isoformat() if self.last_day else "open-ended"
        return Fact(
            "assistance",
            f"{self.kind} from {self.started_on.isoformat()} to {until}; {self.amount_fen} fen {self.period}",
            self.source,
        )


@dataclass(frozen=True)
class Disability:
    id: str
    category: str
    grade: int
    certified_on: date
    revoked_on: date | None
    source: Source

    def valid_on(self, day: date) -> bool:
        return self.certified_on <= day and (self.revoked_on is None or day < self.revoked_on)

    def facts(self) -> list[Fact]:
        revoked = f", revoked {self.revoked_on.isoformat()}" if self.revoked_on else ""
        return [
            Fact("disabilityCategory", self.category, self.source),
            Fact("disabilityGrade", str(self.grade), self.source),
            Fact("disabilityCertified", f"{self.certified_on.isoformat()}{revoked}", self.source),
        ]


@dataclass(frozen=True)
class RuleFacts:
    """One person's facts as social security's rules read them. `birth_date` is None when
    settlement's PersonRegistered has not reached social security's projection: the
    person is then unknown here and every rule asks for them."""

    target: TargetFacts
    birth_date: date | None
    birth_source: Source | None = None
    enrolments: Sequence[Enrolment] = ()
    injuries: Sequence[WorkInjury] = ()
    assistance: Sequence[AssistanceGrant] = ()
    disabilities: Sequence[Disability] = ()

    @property
    def known(self) -> bool:
        return self.birth_date is not None

    def birth_fact(self) -> Fact:
        born = self.birth_date.isoformat() if self.birth_date else "unknown"
        return Fact("birthDate", born, self.birth_source or Source("settlement"))
