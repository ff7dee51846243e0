"""Housing's GraphQL types: its part of Person, and the waiting list's entries."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import asyncpg
import strawberry

from housing import repository
from housing.entitlements import BOOK
from housing.entitlements.gather import rule_facts
from housing.kinds import HousingForm, HousingOutcome
from servicekit.access import require_part
from servicekit.context import Info
from servicekit.entitlements.graphql import Entitlement
from servicekit.errors import NotFound
from servicekit.values import parse_id, today

ADDRESS_SHOWN = 6  # characters of an address a response shows; the rest is masked


def mask_address(address: str) -> str:
    """`厦门市思明区曾厝垵村12号` → `厦门市思明区****`: the first characters only (at most
    half of a short address), so a response locates the village but not the dwelling."""
    shown = min(ADDRESS_SHOWN, len(address) // 2)
    return address[:shown] + "****"


def mask_name(name: str) -> str:
    """`林大伟` → `林**`."""
    return name[:1] + "*" * max(len(name) - 1, 1)


@strawberry.type(description="An application for public rental housing or a rental subsidy (clause 十二).")
class PublicHousingApplication:
    id: strawberry.ID
    city_code: str = strawberry.field(description="Where the person applied: the place of work (就业地).")
    form: HousingForm
    applied_on: date
    outcome: HousingOutcome | None = strawberry.field(description="Null while pending.")
    decided_on: date | None
    reason: str = strawberry.field(description="The decision's reason; empty while pending.")
    subsidy_fen: int | None = strawberry.field(
        description="SUBSIDY_GRANTED: the monthly rental subsidy in integer fen (分)."
    )
    ended_on: date | None = strawberry.field(
        description="The last day of the tenancy or subsidy; null while it goes on."
    )

    @classmethod
    def from_row(cls, row: asyncpg.Record) -> PublicHousingApplication:
        return cls(
            id=strawberry.ID(str(row["id"])),
            city_code=row["city_code"],
            form=HousingForm[row["form"]],
            applied_on=row["applied_on"],
            outcome=None if row["outcome"] is None else HousingOutcome[row["outcome"]],
            decided_on=row["decided_on"],
            reason=row["reason"],
            subsidy_fen=row["subsidy_fen"],
            ended_on=row["ended_on"],
        )


@strawberry.type(
    description="A tenant an urban-village landlord reported (clause 十三). Personal data: the "
    "landlord's name and the address are shown masked."
)
class TenancyRegistration:
    id: strawberry.ID
    landlord_name: str = strawberry.field(description="Masked: the first character only.")
    address: str = strawberry.field(description="Masked: only the first characters.")
    county_code: str
    started_on: date
    registered_on: date = strawberry.field(description="The day the landlord reported it.")

    @classmethod
    def from_row(cls, row: asyncpg.Record) -> TenancyRegistration:
        return cls(
            id=strawberry.ID(str(row["id"])),
            landlord_name=mask_name(row["landlord_name"]),
            address=mask_address(row["address"]),
            county_code=row["county_code"],
            started_on=row["started_on"],
            registered_on=row["registered_on"],
        )


def _applicant(root: QueueEntry) -> Person:
    return Person(id=strawberry.ID(str(root._person_id)), _uuid=root._person_id)


@strawberry.type(description="A place on a city's public housing waiting list.")
class QueueEntry:
    position: int = strawberry.field(description="1 is served first.")
    priority: bool = strawberry.field(
        description="Registered poor today (建档立卡): served first (优先保障)."
    )
    application: PublicHousingApplication
    _person_id: strawberry.Private[UUID]
    person: Person = strawberry.field(resolver=_applicant, description="The applicant.")

    @classmethod
    def from_row(cls, position: int, row: asyncpg.Record) -> QueueEntry:
        return cls(
            position=position,
            priority=row["priority"],
            application=PublicHousingApplication.from_row(row),
            _person_id=row["person_id"],
        )


async def _public_housing(root: Housing, info: Info) -> list[PublicHousingApplication]:
    rows = await info.context.loaders.get(repository.applications_by_person).load(root._person_id)
    return [PublicHousingApplication.from_row(r) for r in rows]


async def _tenancies(root: Housing, info: Info) -> list[TenancyRegistration]:
    rows = await info.context.loaders.get(repository.tenancies_by_person).load(root._person_id)
    return [TenancyRegistration.from_row(r) for r in rows]


async def _entitlements(root: Housing, info: Info, as_of: date | None = None) -> list[Entitlement]:
    facts = await rule_facts(info, root._person_id)
    return [Entitlement.of(d) for d in BOOK.evaluate(facts, as_of or today())]


@strawberry.type(description="What housing holds about a person (clauses 十二, 十三).")
class Housing:
    _person_id: strawberry.Private[UUID]
    public_housing: list[PublicHousingApplication] = strawberry.field(
        resolver=_public_housing,
        description="Public rental housing and rental subsidy applications with their outcome, oldest first.",
    )
    tenancies: list[TenancyRegistration] = strawberry.field(
        resolver=_tenancies,
        description="Tenancies landlords reported with the person as tenant, oldest first.",
    )
    entitlements: list[Entitlement] = strawberry.field(
        resolver=_entitlements,
        description="What the person is entitled to under clause 十二 as of `asOf` "
        "(default: today in China), with reasons, facts used and legal basis.",
    )


def _housing(root: Person, info: Info) -> Housing | None:
    require_part(info, root._uuid)  # the department's read scope, or the resident themself
    return Housing(_person_id=root._uuid)


@strawberry.federation.type(keys=["id"])
class Person:
    id: strawberry.ID
    _uuid: strawberry.Private[UUID]
    # Nullable on purpose: when this department is down, the gateway nulls this field only,
    # and the rest of the person's view still arrives.
    housing: Housing | None = strawberry.field(
        resolver=_housing, description="Housing records (住房); null if unavailable."
    )

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Person | None:
        try:
            return cls(id=id, _uuid=parse_id(id, what="person"))
        except NotFound:  # a malformed key names nobody: null, as federation expects
            return None
