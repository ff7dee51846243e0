"""What 就业 Employment's rules read: the target-person facts (settlement's hukou and
residence periods and social security's poverty registrations as the kit's projections hold
them, and employment's own employment records as time worked in a city), the person's birth
date and sex, and employment's own records, each with its source so a decision can cite it.

Day conventions: an employment's `ended_on`, a registration's `closed_on` and a training's
`completed_on` are the last day (inclusive).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from servicekit.entitlements.model import Fact, Source
from servicekit.entitlements.target import EMPLOYMENT, SETTLEMENT, TargetFacts

DEPARTMENT = EMPLOYMENT


def _until(day: date | None, open_word: str = "ongoing") -> str:
    return day.isoformat() if day else open_word


def city_of(region: str) -> str:
    """The prefecture-level city of a region code (as the target-person test counts it)."""
    return region[:4] + "00"


@dataclass(frozen=True)
class Employment:
    id: str
    employer: str
    industry: str
    region: str
    started_on: date
    ended_on: date | None
    source: Source

    def covers(self, day: date) -> bool:
        return self.started_on <= day and (self.ended_on is None or day <= self.ended_on)

    def fact(self) -> Fact:
        return Fact(
            "employment",
            f"{self.employer} ({self.industry}) in {self.region} from {self.started_on.isoformat()} "
            f"to {_until(self.ended_on)}",
            self.source,
        )


@dataclass(frozen=True)
class JobSeekerRegistration:
    id: str
    region: str
    registered_on: date
    closed_on: date | None
    source: Source

    def open_on(self, day: date) -> bool:
        return self.registered_on <= day and (self.closed_on is None or day <= self.closed_on)

    def fact(self) -> Fact:
        return Fact(
            "jobSeekerRegistration",
            f"{self.region} from {self.registered_on.isoformat()} to {_until(self.closed_on, 'open')}",
            self.source,
        )


@dataclass(frozen=True)
class Training:
    id: str
    kind: str  # VOCATIONAL or DEGREE_UPGRADE
    course: str
    region: str
    started_on: date
    completed_on: date | None
    subsidy_fen: int
    source: Source

    def covers(self, day: date) -> bool:
        return self.started_on <= day and (self.completed_on is None or day <= self.completed_on)

    def fact(self) -> Fact:
        return Fact(
            "training",
            f"{self.kind} {self.course} in {self.region} from {self.started_on.isoformat()} "
            f"to {_until(self.completed_on)}; subsidy {self.subsidy_fen} fen",
            self.source,
        )


@dataclass(frozen=True)
class RuleFacts:
    """One person's facts as employment's rules read them. `birth_date` is None when
    settlement's PersonRegistered has not reached employment's projection: a rule that
    needs the age then asks for the person."""

    target: TargetFacts
    birth_date: date | None
    sex: str | None  # MALE or FEMALE, with the birth date
    birth_source: Source | None = None
    employments: Sequence[Employment] = ()
    registrations: Sequence[JobSeekerRegistration] = ()
    trainings: Sequence[Training] = ()

    @property
    def known(self) -> bool:
        return self.birth_date is not None

    def birth_facts(self) -> list[Fact]:
        source = self.birth_source or Source(SETTLEMENT)
        born = self.birth_date.isoformat() if self.birth_date else "unknown"
        return [Fact("birthDate", born, source), Fact("sex", self.sex or "unknown", source)]
