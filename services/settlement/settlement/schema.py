"""Settlement's subgraph schema: Person's owner."""

from __future__ import annotations

import strawberry

from servicekit import idempotency
from servicekit.audit import AccessLogEntry, access_log_field
from servicekit.bus.status import EventPipeline, event_pipeline_field
from servicekit.context import Info
from servicekit.federation import make_schema
from servicekit.pagination import Page
from settlement import SERVICE, resolvers
from settlement.inputs import (
    AddHouseholdMemberInput,
    ApplyForSettlementInput,
    CreateHouseholdInput,
    DecideSettlementInput,
    IssueResidencePermitInput,
    RecordHukouInput,
    RecordResidencePeriodInput,
    RegisterPersonInput,
    RemoveHouseholdMemberInput,
    RenewResidencePermitInput,
    RevokeResidencePermitInput,
)
from settlement.projections import subscription
from settlement.types import Household, Person, ResidencePeriod, ResidencePermit, SettlementApplication


@strawberry.type
class Query:
    person: Person | None = strawberry.field(
        resolver=resolvers.person, description="A person by their opaque id; null if there is none."
    )
    person_by_id_number: Person | None = strawberry.field(
        resolver=resolvers.person_by_id_number,
        description="A person by resident ID number (send it as a variable, never in the URL).",
    )
    persons: Page[Person] = strawberry.field(
        resolver=resolvers.persons,
        description=(
            "Persons by region, in pages. By default, those whose current hukou is in "
            "`regionCode`: a province (350000), city (350100) or county (350102) code "
            "selects everything inside it. With `withoutHukou: true`, persons registered "
            "without a hukou yet: all of them, or with `regionCode`, those with an ongoing "
            "residence period in that region (where they live now)."
        ),
    )

    # Operators' view of settlement's outbox, consumer group and dead letters (scope
    # events:operate, checked by the kit's resolver). Nullable, as the kit's resolver is:
    # a caller without the scope gets null and FORBIDDEN, and the rest of the operation.
    settlement_events: EventPipeline | None = event_pipeline_field(SERVICE, subscription)
    # `settlementAccessLog`, for auditors (scope audit:read, checked inside).
    settlement_access_log: list[AccessLogEntry] = access_log_field(SERVICE)


# Every mutation is declared with idempotency.mutation and writes through
# idempotency.write_once (tests/kit/test_idempotency.py checks it).
@strawberry.type
class Mutation:
    @idempotency.mutation(description="Register a resident; the ID number must be valid and new.")
    async def register_person(self, info: Info, input: RegisterPersonInput) -> Person:
        return await resolvers.register_person(info, input)

    @idempotency.mutation(description="Record a household registration (户口) from a date on.")
    async def record_hukou(self, info: Info, input: RecordHukouInput) -> Person:
        return await resolvers.record_hukou(info, input)

    @idempotency.mutation(description="Issue a residence permit (居住证), clause (十四).")
    async def issue_residence_permit(self, info: Info, input: IssueResidencePermitInput) -> ResidencePermit:
        return await resolvers.issue_residence_permit(info, input)

    @idempotency.mutation(description="Extend a residence permit's validity.")
    async def renew_residence_permit(self, info: Info, input: RenewResidencePermitInput) -> ResidencePermit:
        return await resolvers.renew_residence_permit(info, input)

    @idempotency.mutation(description="Revoke a residence permit, with a reason.")
    async def revoke_residence_permit(self, info: Info, input: RevokeResidencePermitInput) -> ResidencePermit:
        return await resolvers.revoke_residence_permit(info, input)

    @idempotency.mutation(description="Record a period of living in a city.")
    async def record_residence_period(self, info: Info, input: RecordResidencePeriodInput) -> ResidencePeriod:
        return await resolvers.record_residence_period(info, input)

    @idempotency.mutation(
        description="Create a household (户) headed by a person, who must not belong to another household."
    )
    async def create_household(self, info: Info, input: CreateHouseholdInput) -> Household:
        return await resolvers.create_household(info, input)

    @idempotency.mutation(
        description="Add a person to a household; a person belongs to one household at a time."
    )
    async def add_household_member(self, info: Info, input: AddHouseholdMemberInput) -> Household:
        return await resolvers.add_household_member(info, input)

    @idempotency.mutation(description="Record that a member left a household.")
    async def remove_household_member(self, info: Info, input: RemoveHouseholdMemberInput) -> Household:
        return await resolvers.remove_household_member(info, input)

    @idempotency.mutation(
        description="Apply to settle (落户) in a region, clause (十四); one open application a person."
    )
    async def apply_for_settlement(self, info: Info, input: ApplyForSettlementInput) -> SettlementApplication:
        return await resolvers.apply_for_settlement(info, input)

    @idempotency.mutation(
        description="Decide an application to settle. An approval records an URBAN hukou in its region "
        "from decidedOn and keeps the rural rights unchanged (十六)."
    )
    async def decide_settlement(self, info: Info, input: DecideSettlementInput) -> SettlementApplication:
        return await resolvers.decide_settlement(info, input)


schema = make_schema(query=Query, mutation=Mutation, types=[Person])
