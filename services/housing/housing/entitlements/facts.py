"""What housing's rules read: the target-person facts (settlement's hukou and residence,
social security's poverty registrations and employment's records, as housing's projections
hold them), the person's employment records with city and industry (clause 十二's 就业地 and
targeted industries), and housing's own applications with their outcome, each with its
source so a decision can cite it.

Day conventions: an employment's `ended_on` and an application's `ended_on` are the last
day (of the job, of the tenancy or subsidy); a decision holds from its `decided_on`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from servicekit.entitlements.model import Fact, Source
from servicekit.entitlements.target import TargetFacts

DEPARTMENT = "housing"

# The outcome that grants each form (kinds.GRANTS, as plain words for the pure rules).
GRANTED_AS = {"IN_KIND": "ALLOCATED", "RENTAL_SUBSIDY": "SUBSIDY_GRANTED", "TARGETED_INDUSTRY": "ALLOCATED"}


@dataclass(frozen=True)
class Employment:
    """An employment record as employment published it (projected)."""

    id: str
    employer: str
    industry: str  # SANITATION, PUBLIC_TRANSPORT, METRO, AUXILIARY_POLICE, CONSTRUCTION ...
    region: str  # the county or city where the person works
    started_on: date
    ended_on: date | None  # the last day; None while it goes on
    source: Source

    @property
    def city(self) -> str:
        """The prefecture-level city, as the target-person test counts it."""
        return self.region[:4] + "00"

    def covers(self, day: date) -> bool:
        return self.started_on <= day and (self.ended_on is None or day <= self.ended_on)

    def fact(self) -> Fact:
        until = self.ended_on.isoformat() if self.ended_on else "ongoing"
        since = self.started_on.isoformat()
        return Fact(
            "employment",
            f"{self.industry} at {self.employer} in {self.region} from {since} to {until}",
            self.source,
        )


@dataclass(frozen=True)
class Application:
    """A public housing application with its outcome (housing's own record)."""

    id: str
    form: str  # IN_KIND, RENTAL_SUBSIDY or TARGETED_INDUSTRY
    city_code: str
    applied_on: date
    outcome: str | None  # ALLOCATED, SUBSIDY_GRANTED, REFUSED, WAITLISTED; None while pending
    decided_on: date | None
    subsidy_fen: int | None  # monthly, for SUBSIDY_GRANTED
    ended_on: date | None  # the last day of the tenancy or subsidy
    source: Source

    def grants(self, day: date) -> bool:
        """Its allocation or subsidy covers the day."""
        return (
            self.outcome == GRANTED_AS[self.form]
            and self.decided_on is not None
            and self.decided_on <= day
            and (self.ended_on is None or day <= self.ended_on)
        )

    def state_on(self, day: date) -> str | None:
        """PENDING or WAITLISTED on the day, or None (not applied yet, or decided otherwise)."""
        if self.applied_on > day:
            return None
        if self.decided_on is None or self.decided_on > day:
            return "PENDING"
        return "WAITLISTED" if self.outcome == "WAITLISTED" else None

    def fact(self) -> Fact:
        parts = [f"{self.form} in {self.city_code} applied {self.applied_on.isoformat()}"]
        if self.outcome and self.decided_on:
            parts.append(f"{self.outcome} {self.decided_on.isoformat()}")
        if self.subsidy_fen is not None:
            parts.append(f"{self.subsidy_fen} fen MONTHLY")
        if self.ended_on:
            parts.append(f"ended {self.ended_on.isoformat()}")
        return Fact("publicHousingApplication", "; ".join(parts), self.source)


@dataclass(frozen=True)
class RuleFacts:
    """One person's facts as housing's rules read them. `target.stays` already count the
    employment records (working in a city, 工作); `employment` holds them again with their
    industry, for the place of work and the targeted industries."""

    target: TargetFacts
    employment: Sequence[Employment] = ()
    applications: Sequence[Application] = ()
