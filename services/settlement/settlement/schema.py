"""Settlement's subgraph schema: Person's owner."""

from __future__ import annotations

import strawberry

from servicekit import idempotency
from servicekit.bus.status import EventPipeline, event_pipeline_field
from servicekit.context import Info
from servicekit.federation import make_schema
from servicekit.pagination import Page
from settlement import SERVICE, resolvers
from settlement.inputs import (
    IssueResidencePermitInput,
    RecordHukouInput,
    RecordResidencePeriodInput,
    RegisterPersonInput,
    RenewResidencePermitInput,
    RevokeResidencePermitInput,
)
from settlement.projections import subscription
from settlement.types import Person, ResidencePeriod, ResidencePermit


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


schema = make_schema(query=Query, mutation=Mutation, types=[Person])
