"""The facts settlement's rules read, each with where it came from.

Everything here comes from settlement's own records (hukou history, residence periods,
residence permits, households, settlement applications and decisions) except the poverty
registrations, which are social-security's, copied by settlement's projection. The same
dataclasses are filled from the database (settlement.entitlements.gather) and from a
rule-test case (settlement.entitlements.facts_from_case).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from servicekit.entitlements.model import Source
from servicekit.entitlements.target import CityStay, TargetFacts

APPROVED = "APPROVED"
REFUSED = "REFUSED"


def city_of(region: str) -> str:
    """The prefecture-level city of a six-digit region code (350102 → 350100)."""
    return region[:4] + "00"


@dataclass(frozen=True)
class Permit:
    """A residence permit (居住证) as settlement issued it."""

    permit_id: str
    city: str  # the issuing city's region code
    issued_on: date
    valid_until: date  # the last day it is valid
    revoked_on: date | None
    source: Source

    def valid_on(self, day: date) -> bool:
        revoked = self.revoked_on is not None and self.revoked_on <= day
        return self.issued_on <= day <= self.valid_until and not revoked


@dataclass(frozen=True)
class Member:
    """A household member, with their own residence periods (for 举家迁徙)."""

    person_id: str
    relation: str  # HEAD, SPOUSE, CHILD, PARENT, OTHER
    joined_on: date
    left_on: date | None
    stays: Sequence[CityStay]
    source: Source

    def member_on(self, day: date) -> bool:
        return self.joined_on <= day and (self.left_on is None or self.left_on > day)


@dataclass(frozen=True)
class Household:
    household_id: str
    head_person_id: str
    members: Sequence[Member]
    source: Source


@dataclass(frozen=True)
class RuralRights:
    """The rural rights an applicant declared holding, kept unchanged on settling (十六)."""

    land_contract: bool
    homestead: bool
    collective_income: bool


@dataclass(frozen=True)
class Application:
    """An application to settle (落户) and its decision, if made."""

    application_id: str
    region: str  # where the person asked to settle
    applied_on: date
    rights: RuralRights
    outcome: str | None  # APPROVED, REFUSED, or None while open
    decided_on: date | None
    reason: str | None
    source: Source

    def decided_by(self, day: date) -> bool:
        return self.outcome is not None and self.decided_on is not None and self.decided_on <= day

    def approved_by(self, day: date) -> bool:
        return self.outcome == APPROVED and self.decided_by(day)

    def pending_on(self, day: date) -> bool:
        return self.applied_on <= day and not self.decided_by(day)


@dataclass(frozen=True)
class RuleFacts:
    """One person's facts, as settlement's rules receive them."""

    person_id: str
    born: date | None
    target: TargetFacts  # hukou: the full history; stays: residence periods
    permits: Sequence[Permit] = ()
    household: Household | None = None  # the household the person belongs to now
    applications: Sequence[Application] = ()
