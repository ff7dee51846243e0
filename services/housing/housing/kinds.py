"""The enumerations of housing's records (stored as their names)."""

from __future__ import annotations

from enum import Enum

import strawberry


@strawberry.enum(description="A form of housing guarantee (clause 十二).")
class HousingForm(Enum):
    IN_KIND = strawberry.enum_value("IN_KIND", description="公租房实物保障 (public rental housing in kind).")
    RENTAL_SUBSIDY = strawberry.enum_value("RENTAL_SUBSIDY", description="租赁补贴 (a rental subsidy).")
    TARGETED_INDUSTRY = strawberry.enum_value(
        "TARGETED_INDUSTRY",
        description="分类、定向保障: sanitation, public transport, metro workers, auxiliary police.",
    )


@strawberry.enum(description="The outcome of a public housing application.")
class HousingOutcome(Enum):
    ALLOCATED = strawberry.enum_value("ALLOCATED", description="A dwelling was allocated (配租).")
    SUBSIDY_GRANTED = strawberry.enum_value(
        "SUBSIDY_GRANTED", description="A monthly rental subsidy was granted."
    )
    REFUSED = strawberry.enum_value("REFUSED", description="The application was refused.")
    WAITLISTED = strawberry.enum_value(
        "WAITLISTED", description="Qualifies and waits for a dwelling (轮候); may be decided again."
    )


# Which outcomes a form can be granted with (REFUSED and WAITLISTED fit every form).
GRANTS: dict[HousingForm, HousingOutcome] = {
    HousingForm.IN_KIND: HousingOutcome.ALLOCATED,
    HousingForm.RENTAL_SUBSIDY: HousingOutcome.SUBSIDY_GRANTED,
    HousingForm.TARGETED_INDUSTRY: HousingOutcome.ALLOCATED,
}
