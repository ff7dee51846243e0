"""Housing's mutation inputs."""

from __future__ import annotations

from datetime import date

import strawberry

from housing.kinds import HousingForm, HousingOutcome


@strawberry.input(description="Apply for public rental housing or a rental subsidy (clause 十二).")
class ApplyForPublicHousingInput:
    person_id: strawberry.ID
    city_code: str = strawberry.field(
        description="GB/T 2260 code of the city or county applied in: where the person works (就业地)."
    )
    applied_on: date
    form: HousingForm


@strawberry.input(
    description="Decide a public housing application. A WAITLISTED application may be decided again."
)
class DecidePublicHousingInput:
    application_id: strawberry.ID
    outcome: HousingOutcome = strawberry.field(
        description="ALLOCATED for IN_KIND and TARGETED_INDUSTRY, SUBSIDY_GRANTED for RENTAL_SUBSIDY; "
        "REFUSED or WAITLISTED for any form."
    )
    decided_on: date
    reason: str = strawberry.field(default="", description="The decision's reason, at most 200 characters.")
    subsidy_fen: int | None = strawberry.field(
        default=None, description="SUBSIDY_GRANTED only: the monthly subsidy in integer fen (分), 0 or more."
    )


@strawberry.input(description="End an allocated tenancy or a granted subsidy: `endedOn` is its last day.")
class EndPublicHousingInput:
    application_id: strawberry.ID
    ended_on: date


@strawberry.input(
    description="A landlord's report of a tenant in an urban village (clause 十三, 承租人信息报送)."
)
class RegisterTenancyInput:
    landlord_name: str = strawberry.field(description="At most 50 characters; shown masked.")
    address: str = strawberry.field(
        description="The dwelling's address, at most 200 characters; shown masked."
    )
    county_code: str = strawberry.field(description="GB/T 2260 code of the county of the dwelling.")
    tenant_person_id: strawberry.ID
    started_on: date
