"""Settlement's mutation inputs."""

from __future__ import annotations

from datetime import date

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
