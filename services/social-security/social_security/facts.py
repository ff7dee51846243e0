"""GraphQL types of the facts other departments shared with social security, as its
projections hold them (social_security.projections). Each names its source event, so a
reader sees which version of the owner's record social security decides from.

The names differ from settlement's own types (Hukou, ResidencePermit, Sex …): these are
copies, possibly behind the owner, and the supergraph must not merge the two.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID

import asyncpg
import strawberry

from servicekit.context import Info
from servicekit.facts.settlement import (
    hukou_facts_by_person,
    person_facts_by_person,
    residence_period_facts_by_person,
    residence_permit_facts_by_person,
)
from servicekit.graphql_types import FactSource, HukouType, Region, Sex
from social_security.projections import SETTLEMENT


@strawberry.type(
    description="A person's identity as settlement registered it, without the name "
    "(social security's rules do not use it)."
)
class PersonFact:
    birth_date: date
    sex: Sex  # type: ignore[valid-type]  # strawberry.enum() of identity.Sex, a value to mypy
    source: FactSource

    @classmethod
    def from_row(cls, row: asyncpg.Record) -> PersonFact:
        return cls(birth_date=row["birth_date"], sex=Sex(row["sex"]), source=FactSource.of(row, SETTLEMENT))


@strawberry.type(description="A person's current household registration (户口) at settlement.")
class HukouFact:
    type: HukouType
    region: Region
    recorded_on: date = strawberry.field(description="Date the registration took effect.")
    source: FactSource

    @classmethod
    def from_row(cls, row: asyncpg.Record) -> HukouFact:
        return cls(
            type=HukouType(row["hukou_type"]),
            region=Region.of(row["region_code"]),
            recorded_on=row["recorded_on"],
            source=FactSource.of(row, SETTLEMENT),
        )


@strawberry.type(description="A residence permit (居住证) settlement issued.")
class ResidencePermitFact:
    id: strawberry.ID
    city: Region
    issued_on: date
    valid_until: date
    revoked_on: date | None
    revocation_reason: str | None
    expired: bool = strawberry.field(
        description="Settlement recorded that the permit ran out without renewal."
    )
    source: FactSource

    @classmethod
    def from_row(cls, row: asyncpg.Record) -> ResidencePermitFact:
        return cls(
            id=strawberry.ID(str(row["permit_id"])),
            city=Region.of(row["city_code"]),
            issued_on=row["issued_on"],
            valid_until=row["valid_until"],
            revoked_on=row["revoked_on"],
            revocation_reason=row["revocation_reason"],
            expired=row["expired"],
            source=FactSource.of(row, SETTLEMENT),
        )


@strawberry.type(description="A period of living in a city (城镇工作生活) settlement recorded.")
class ResidencePeriodFact:
    id: strawberry.ID
    city: Region
    started_on: date
    ended_on: date | None = strawberry.field(description="Null while the period goes on.")
    source: FactSource

    @classmethod
    def from_row(cls, row: asyncpg.Record) -> ResidencePeriodFact:
        return cls(
            id=strawberry.ID(str(row["period_id"])),
            city=Region.of(row["city_code"]),
            started_on=row["started_on"],
            ended_on=row["ended_on"],
            source=FactSource.of(row, SETTLEMENT),
        )


async def _identity(root: SocialSecurityFacts, info: Info) -> PersonFact | None:
    row = await info.context.loaders.get(person_facts_by_person).load(root._person_id)
    return None if row is None else PersonFact.from_row(row)


async def _hukou(root: SocialSecurityFacts, info: Info) -> HukouFact | None:
    row = await info.context.loaders.get(hukou_facts_by_person).load(root._person_id)
    return None if row is None else HukouFact.from_row(row)


async def _residence_permits(root: SocialSecurityFacts, info: Info) -> list[ResidencePermitFact]:
    loader = info.context.loaders.get(residence_permit_facts_by_person)
    return [ResidencePermitFact.from_row(r) for r in await loader.load(root._person_id)]


async def _residence_periods(root: SocialSecurityFacts, info: Info) -> list[ResidencePeriodFact]:
    loader = info.context.loaders.get(residence_period_facts_by_person)
    return [ResidencePeriodFact.from_row(r) for r in await loader.load(root._person_id)]


@strawberry.type(
    description="Facts other departments shared with social security, as its projections "
    "hold them (clause 十九). They may lag behind their owner's records."
)
class SocialSecurityFacts:
    _person_id: strawberry.Private[UUID]
    identity: PersonFact | None = strawberry.field(
        resolver=_identity, description="Birth date and sex; null until settlement's event arrives."
    )
    hukou: HukouFact | None = strawberry.field(
        resolver=_hukou, description="Current hukou; null if none has been shared."
    )
    residence_permits: list[ResidencePermitFact] = strawberry.field(
        resolver=_residence_permits, description="Residence permits, oldest first."
    )
    residence_periods: list[ResidencePeriodFact] = strawberry.field(
        resolver=_residence_periods, description="Periods of living in a city, oldest first."
    )
