"""Settlement's mutation inputs."""

from __future__ import annotations

from datetime import date
from enum import Enum

import strawberry

from servicekit.graphql_types import HukouType, Sex


@strawberry.input(description="A new resident. Sex and birth date, when given, must match the ID number.")
class RegisterPersonInput:
    name: str
    id_number: str = strawberry.field(description="18-character resident ID number (GB 11643).")
    sex: Sex | None = None  # type: ignore[valid-type]
    birth_date: date | None = None


@strawberry.input(description="A household registration taking effect on `recordedOn`.")
class RecordHukouInput:
    person_id: strawberry.ID
    type: HukouType
    region_code: str = strawberry.field(description="GB/T 2260 code of the registered region.")
    recorded_on: date


@strawberry.input
class IssueResidencePermitInput:
    person_id: strawberry.ID
    city_code: str = strawberry.field(description="GB/T 2260 code of the issuing city.")
    issued_on: date
    valid_until: date


@strawberry.input
class RenewResidencePermitInput:
    permit_id: strawberry.ID
    valid_until: date = strawberry.field(description="New end date, after the current one.")


@strawberry.input
class RevokeResidencePermitInput:
    permit_id: strawberry.ID
    revoked_on: date
    reason: str


@strawberry.input(description="A period of living in a city; leave `endedOn` empty while it goes on.")
class RecordResidencePeriodInput:
    person_id: strawberry.ID
    city_code: str
    started_on: date
    ended_on: date | None = None


@strawberry.enum(description="A member's relation to the head of the household (户).")
class HouseholdRelation(Enum):
    HEAD = "HEAD"
    SPOUSE = "SPOUSE"
    CHILD = "CHILD"
    PARENT = "PARENT"
    OTHER = "OTHER"


@strawberry.enum(description="The outcome of an application to settle (落户).")
class SettlementOutcome(Enum):
    APPROVED = "APPROVED"
    REFUSED = "REFUSED"


@strawberry.input(description="A new household (户) with `headPersonId` as its head from `createdOn`.")
class CreateHouseholdInput:
    head_person_id: strawberry.ID
    region_code: str = strawberry.field(description="GB/T 2260 code of the household's region.")
    created_on: date


@strawberry.input(description="A person joining a household; a person belongs to one household at a time.")
class AddHouseholdMemberInput:
    household_id: strawberry.ID
    person_id: strawberry.ID
    relation: HouseholdRelation = strawberry.field(description="Relation to the head (not HEAD).")
    joined_on: date


@strawberry.input(description="A member leaving a household on `leftOn`.")
class RemoveHouseholdMemberInput:
    household_id: strawberry.ID
    person_id: strawberry.ID
    left_on: date


@strawberry.input(
    description="The rural rights an applicant holds. They are kept unchanged on settling (十六); "
    "there is deliberately no way to make giving one up a condition of settling."
)
class RuralRightsInput:
    land_contract: bool = strawberry.field(description="Holds a land contract right (土地承包权).")
    homestead: bool = strawberry.field(description="Holds a homestead use right (宅基地使用权).")
    collective_income: bool = strawberry.field(
        description="Holds a collective income distribution right (集体收益分配权)."
    )


@strawberry.input(description="An application to settle (落户) in a region, clause (十四).")
class ApplyForSettlementInput:
    person_id: strawberry.ID
    region_code: str = strawberry.field(description="GB/T 2260 code of the region to settle in.")
    applied_on: date
    rural_rights: RuralRightsInput


@strawberry.input(
    description="The decision on an application to settle. An approval records an URBAN hukou in "
    "the application's region from `decidedOn` and keeps the rural rights (十六)."
)
class DecideSettlementInput:
    application_id: strawberry.ID
    outcome: SettlementOutcome
    decided_on: date
    reason: str | None = strawberry.field(default=None, description="Required when refused.")
