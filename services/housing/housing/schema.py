"""Housing's subgraph schema: extends Person with `housing`, shows a city's public housing
waiting list, and shows operators its event pipeline."""

from __future__ import annotations

import strawberry

from housing import SERVICE, resolvers
from housing.inputs import (
    ApplyForPublicHousingInput,
    DecidePublicHousingInput,
    EndPublicHousingInput,
    RegisterTenancyInput,
)
from housing.projections import subscription
from housing.types import Person, PublicHousingApplication, QueueEntry, TenancyRegistration
from servicekit import idempotency
from servicekit.audit import AccessLogEntry, access_log_field
from servicekit.bus.status import EventPipeline, event_pipeline_field
from servicekit.context import Info
from servicekit.federation import make_schema


@strawberry.type
class Query:
    public_housing_queue: list[QueueEntry] = strawberry.field(
        resolver=resolvers.public_housing_queue,
        description="A city's (or county's) waiting list for public housing: undecided and waitlisted "
        "applications, registered poor applicants first (优先保障), then by the day they applied.",
    )

    # `housingEvents`, for operators only (scope events:operate, checked inside).
    housing_events: EventPipeline | None = event_pipeline_field(SERVICE, subscription)
    # `housingAccessLog`, for auditors (scope audit:read, checked inside).
    housing_access_log: list[AccessLogEntry] = access_log_field(SERVICE)


# Every mutation is declared with idempotency.mutation and writes through
# idempotency.write_once, so a client's retry cannot write twice (tests/kit/test_idempotency.py
# checks every department).
@strawberry.type
class Mutation:
    @idempotency.mutation(description="Apply for public rental housing or a rental subsidy (clause 十二).")
    async def apply_for_public_housing(
        self, info: Info, input: ApplyForPublicHousingInput
    ) -> PublicHousingApplication:
        return await resolvers.apply_for_public_housing(info, input)

    @idempotency.mutation(description="Decide a public housing application.")
    async def decide_public_housing(
        self, info: Info, input: DecidePublicHousingInput
    ) -> PublicHousingApplication:
        return await resolvers.decide_public_housing(info, input)

    @idempotency.mutation(description="End an allocated tenancy or a granted subsidy (its last day).")
    async def end_public_housing(self, info: Info, input: EndPublicHousingInput) -> PublicHousingApplication:
        return await resolvers.end_public_housing(info, input)

    @idempotency.mutation(
        description="Record a landlord's report of a tenant in an urban village (clause 十三)."
    )
    async def register_tenancy(self, info: Info, input: RegisterTenancyInput) -> TenancyRegistration:
        return await resolvers.register_tenancy(info, input)


schema = make_schema(query=Query, mutation=Mutation, types=[Person])
