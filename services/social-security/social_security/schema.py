"""Social security's subgraph schema: extends Person with `socialSecurity` and
`socialSecurityFacts`, and shows operators its event pipeline."""

from __future__ import annotations

import strawberry

from servicekit import idempotency
from servicekit.bus.status import EventPipeline, event_pipeline_field
from servicekit.context import Info
from servicekit.federation import make_schema
from social_security import SERVICE, resolvers
from social_security.inputs import LiftPovertyInput, RegisterPovertyInput
from social_security.projections import subscription
from social_security.types import Person, PovertyRegistration


@strawberry.type
class Query:
    poverty_household: list[PovertyRegistration] = strawberry.field(
        resolver=resolvers.poverty_household,
        description="Every poverty registration of a poor household (贫困户), oldest first.",
    )

    # `socialSecurityEvents`, for operators only (scope events:operate, checked inside).
    social_security_events: EventPipeline | None = event_pipeline_field(SERVICE, subscription)


# Every mutation is declared with idempotency.mutation and writes through
# idempotency.write_once (tests/kit/test_idempotency.py checks it).
@strawberry.type
class Mutation:
    @idempotency.mutation(description="Register a person as poor (建档立卡).")
    async def register_poverty(self, info: Info, input: RegisterPovertyInput) -> PovertyRegistration:
        return await resolvers.register_poverty(info, input)

    @idempotency.mutation(description="Record that a person was lifted out of poverty (脱贫).")
    async def lift_poverty(self, info: Info, input: LiftPovertyInput) -> PovertyRegistration:
        return await resolvers.lift_poverty(info, input)


schema = make_schema(query=Query, mutation=Mutation, types=[Person])
