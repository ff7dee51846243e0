"""What education's rules read: the person's (the child's or graduate's) target-person facts
(settlement's hukou and residence, social security's poverty registrations and employment's
records, as the kit's projections hold them), birth date, household memberships and the other
members of those households with the facts about them the rules use (permits, poverty, dibao),
the person's own dibao and disability (education's projections of social security's events),
and education's own enrolments, graduations and student aid — each with its source.

Day conventions: an enrolment's `ended_on`, a permit's `valid_until` and a dibao grant's
`last_day` are the last day covered; a membership's `left_on`, a permit's `revoked_on` and a
disability's `revoked_on` are the first day they no longer hold.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from servicekit.entitlements.model import Fact, Source
from servicekit.entitlements.target import CityStay, PovertyRegistration, StayKind, TargetFacts

DEPARTMENT = "education"

# A child's parents or guardians in a household: the head, the head's spouse and the head's
# parents (a grandparent looking after the child), by settlement's relation to the head.
GUARDIAN_RELATIONS = frozenset({"HEAD", "SPOUSE", "PARENT"})


def city_of(region: str) -> str:
    """The prefecture-level city of a region code (two districts of Xiamen are one city)."""
    return region[:4] + "00"


@dataclass(frozen=True)
class Permit:
    """A residence permit (居住证) as settlement issued it."""

    id: str
    city: str
    issued_on: date
    valid_until: date
    revoked_on: date | None
    source: Source

    def valid_on(self, day: date) -> bool:
        revoked = self.revoked_on is not None and self.revoked_on <= day
        return self.issued_on <= day <= self.valid_until and not revoked

    def fact(self) -> Fact:
        revoked = f", revoked {self.revoked_on.isoformat()}" if self.revoked_on else ""
        return Fact(
            "residencePermit",
            f"{self.city} issued {self.issued_on.isoformat()} "
            f"valid until {self.valid_until.isoformat()}{revoked}",
            self.source,
        )


@dataclass(frozen=True)
class Dibao:
    """A dibao grant (最低生活保障) as social security published it."""

    id: str
    started_on: date
    last_day: date | None
    source: Source

    def covers(self, day: date) -> bool:
        return self.started_on <= day and (self.last_day is None or day <= self.last_day)

    def fact(self) -> Fact:
        until = self.last_day.isoformat() if self.last_day else "open-ended"
        return Fact("dibao", f"from {self.started_on.isoformat()} to {until}", self.source)


@dataclass(frozen=True)
class Disability:
    """A certified disability (残疾人证), its dates only."""

    id: str
    certified_on: date
    revoked_on: date | None
    source: Source

    def valid_on(self, day: date) -> bool:
        return self.certified_on <= day and (self.revoked_on is None or day < self.revoked_on)

    def fact(self) -> Fact:
        revoked = f", revoked {self.revoked_on.isoformat()}" if self.revoked_on else ""
        return Fact("disability", f"certified {self.certified_on.isoformat()}{revoked}", self.source)


@dataclass(frozen=True)
class Membership:
    """A membership of a household at settlement."""

    household_id: str
    person_id: str
    relation: str  # HEAD, SPOUSE, CHILD, PARENT or OTHER, relative to the head
    joined_on: date
    left_on: date | None
    source: Source

    def member_on(self, day: date) -> bool:
        return self.joined_on <= day and (self.left_on is None or self.left_on > day)

    def fact(self) -> Fact:
        left = f", left {self.left_on.isoformat()}" if self.left_on else ""
        return Fact(
            "householdMembership",
            f"{self.relation} of household {self.household_id} from {self.joined_on.isoformat()}{left}",
            self.source,
        )


@dataclass(frozen=True)
class Relative:
    """Another member of one of the person's households, with what the rules read of them."""

    membership: Membership
    permits: Sequence[Permit] = ()
    poverty: Sequence[PovertyRegistration] = ()
    dibao: Sequence[Dibao] = ()


@dataclass(frozen=True)
class Enrolment:
    id: str
    level: str  # PRESCHOOL … POSTGRADUATE (education.kinds.EducationLevel)
    grade: int | None
    school: str
    city: str
    public_school: bool
    started_on: date
    ended_on: date | None
    end_reason: str | None
    source: Source

    def on(self, day: date) -> bool:
        return self.started_on <= day and (self.ended_on is None or day <= self.ended_on)

    def fact(self) -> Fact:
        until = self.ended_on.isoformat() if self.ended_on else "ongoing"
        grade = f" grade {self.grade}" if self.grade else ""
        kind = "public" if self.public_school else "private"
        ended = f" ({self.end_reason})" if self.end_reason else ""
        return Fact(
            "enrolment",
            f"{self.level}{grade} at {self.school} ({kind}, {self.city}) from "
            f"{self.started_on.isoformat()} to {until}{ended}",
            self.source,
        )


@dataclass(frozen=True)
class Graduation:
    id: str
    enrolment_id: str
    level: str
    graduated_on: date
    source: Source

    @property
    def year(self) -> int:
        return self.graduated_on.year

    def fact(self) -> Fact:
        return Fact("graduation", f"{self.level} graduated {self.graduated_on.isoformat()}", self.source)


@dataclass(frozen=True)
class Aid:
    id: str
    enrolment_id: str
    kind: str  # TUITION_WAIVER, NATIONAL_GRANT, RAIN_AND_DEW, GRADUATE_JOB_SEEKING or OTHER
    amount_fen: int
    granted_on: date
    source: Source

    def fact(self) -> Fact:
        return Fact(
            "studentAid",
            f"{self.kind} {self.amount_fen} fen granted {self.granted_on.isoformat()}",
            self.source,
        )


@dataclass(frozen=True)
class RuleFacts:
    """One person's facts as education's rules read them. `birth_date` is None when
    settlement's PersonRegistered has not reached education's projection."""

    target: TargetFacts
    birth_date: date | None
    birth_source: Source | None = None
    memberships: Sequence[Membership] = ()
    relatives: Sequence[Relative] = ()
    dibao: Sequence[Dibao] = ()
    disabilities: Sequence[Disability] = ()
    enrolments: Sequence[Enrolment] = ()
    graduations: Sequence[Graduation] = ()
    aid: Sequence[Aid] = ()

    @property
    def residence(self) -> list[CityStay]:
        """The person's own residence periods (not employment)."""
        return [s for s in self.target.stays if s.kind is StayKind.RESIDENCE]

    def birth_fact(self) -> Fact:
        born = self.birth_date.isoformat() if self.birth_date else "unknown"
        return Fact("birthDate", born, self.birth_source or Source("settlement"))

    def households_on(self, day: date) -> list[Membership]:
        return [m for m in self.memberships if m.member_on(day)]

    def relatives_on(self, day: date, *, as_child: bool = False) -> list[Relative]:
        """The other members on `day` of the households the person belongs to that day (as a
        CHILD only, with `as_child`)."""
        households = {
            m.household_id for m in self.households_on(day) if not as_child or m.relation == "CHILD"
        }
        return [
            r
            for r in self.relatives
            if r.membership.household_id in households and r.membership.member_on(day)
        ]
