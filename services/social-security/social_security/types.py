"""Social security's GraphQL types: its part of Person."""

from __future__ import annotations

from datetime import date
from enum import Enum
from uuid import UUID

import asyncpg
import strawberry

from servicekit.context import Info
from servicekit.errors import NotFound
from servicekit.values import parse_id, today
from social_security import repository
from social_security.facts import SocialSecurityFacts


@strawberry.enum(description="Poverty registration (建档立卡) status on a given date.")
class PovertyStatus(Enum):
    REGISTERED = "REGISTERED"
    LIFTED = "LIFTED"


def _registered_person(root: PovertyRegistration) -> Person:
    return Person(id=strawberry.ID(str(root._person_id)), _uuid=root._person_id)


def _poverty_status(root: PovertyRegistration, as_of: date | None = None) -> PovertyStatus:
    day = as_of or today()
    if root.lifted_on is not None and root.lifted_on <= day:
        return PovertyStatus.LIFTED
    return PovertyStatus.REGISTERED


@strawberry.type(description="A poverty registration (建档立卡) record.")
class PovertyRegistration:
    id: strawberry.ID
    household_number: str = strawberry.field(description="Poor-household number (贫困户编号).")
    registered_on: date
    lifted_on: date | None = strawberry.field(description="Date lifted out of poverty (脱贫).")
    _person_id: strawberry.Private[UUID]
    person: Person = strawberry.field(resolver=_registered_person, description="The registered person.")
    status: PovertyStatus = strawberry.field(
        resolver=_poverty_status, description="Status on `asOf` (default: today in China)."
    )

    @classmethod
    def from_row(cls, row: asyncpg.Record) -> PovertyRegistration:
        return cls(
            id=strawberry.ID(str(row["id"])),
            household_number=row["household_number"],
            registered_on=row["registered_on"],
            lifted_on=row["lifted_on"],
            _person_id=row["person_id"],
        )


async def _latest_poverty_registration(root: SocialSecurity, info: Info) -> PovertyRegistration | None:
    rows = await info.context.loaders.get(repository.registrations_by_person).load(root._person_id)
    return PovertyRegistration.from_row(rows[-1]) if rows else None


async def _poverty_history(root: SocialSecurity, info: Info) -> list[PovertyRegistration]:
    rows = await info.context.loaders.get(repository.registrations_by_person).load(root._person_id)
    return [PovertyRegistration.from_row(r) for r in rows]


@strawberry.type(description="What social security holds about a person (clauses 九, 十, 十一).")
class SocialSecurity:
    _person_id: strawberry.Private[UUID]
    poverty_registration: PovertyRegistration | None = strawberry.field(
        resolver=_latest_poverty_registration,
        description="The latest poverty registration, or null if never registered.",
    )
    poverty_history: list[PovertyRegistration] = strawberry.field(
        resolver=_poverty_history, description="Every poverty registration, oldest first."
    )


def _social_security(root: Person) -> SocialSecurity | None:
    return SocialSecurity(_person_id=root._uuid)


def _social_security_facts(root: Person) -> SocialSecurityFacts | None:
    return SocialSecurityFacts(_person_id=root._uuid)


@strawberry.federation.type(keys=["id"])
class Person:
    id: strawberry.ID
    _uuid: strawberry.Private[UUID]
    # Nullable on purpose: when this department is down, the gateway nulls this field
    # only, and the rest of the person's view still arrives (partial data, not an error page).
    social_security: SocialSecurity | None = strawberry.field(
        resolver=_social_security, description="Social security records (社会保障); null if unavailable."
    )
    # Nullable for the same reason as social_security.
    social_security_facts: SocialSecurityFacts | None = strawberry.field(
        resolver=_social_security_facts,
        description="Facts other departments shared with social security, as its projections "
        "hold them; null if unavailable.",
    )

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Person | None:
        try:
            return cls(id=id, _uuid=parse_id(id, what="person"))
        except NotFound:  # a malformed key names nobody: null, as federation expects
            return None
