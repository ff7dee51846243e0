"""A person's RuleFacts from settlement's tables, through the request's batch loaders: the
number of SQL statements is fixed (one per loader) however many persons one request asks
about."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import date
from uuid import UUID

import asyncpg

from servicekit.context import Info
from servicekit.entitlements.model import Source
from servicekit.entitlements.target import (
    SETTLEMENT,
    CityStay,
    Hukou,
    StayKind,
    TargetFacts,
)
from servicekit.facts.employment import employment_facts_by_person, work_stay_of
from servicekit.facts.poverty import poverty_facts_by_person, poverty_of
from settlement import repository
from settlement.entitlements.facts import Application, Household, Member, Permit, RuleFacts, RuralRights


def _own(row: asyncpg.Record, version: bool = True) -> Source:
    return Source(SETTLEMENT, record_id=str(row["id"]), version=row["version"] if version else None)


def _stay(row: asyncpg.Record) -> CityStay:
    return CityStay(StayKind.RESIDENCE, row["city_code"], row["started_on"], row["ended_on"], _own(row))


def application(row: asyncpg.Record) -> Application:
    return Application(
        application_id=str(row["id"]),
        region=row["region_code"],
        applied_on=row["applied_on"],
        rights=RuralRights(row["land_contract"], row["homestead"], row["collective_income"]),
        outcome=row["outcome"],
        decided_on=row["decided_on"],
        reason=row["reason"],
        source=_own(row),
    )


def _household(
    row: asyncpg.Record | None, members: Sequence[asyncpg.Record], periods: Sequence[asyncpg.Record]
) -> Household | None:
    if row is None:
        return None
    stays: dict[UUID, list[CityStay]] = {}
    for period in periods:
        stays.setdefault(period["person_id"], []).append(_stay(period))
    return Household(
        household_id=str(row["id"]),
        head_person_id=str(row["head_person_id"]),
        members=[
            Member(
                person_id=str(m["person_id"]),
                relation=m["relation"],
                joined_on=m["joined_on"],
                left_on=m["left_on"],
                stays=stays.get(m["person_id"], []),
                source=_own(m),
            )
            for m in members
        ],
        source=_own(row),
    )


async def rule_facts(info: Info, person_id: UUID, born: date | None) -> RuleFacts:
    loaders = info.context.loaders
    household_load = loaders.get(repository.household_by_person).load(person_id)
    hukou, periods, permits, poverty, work, applications, household_periods = await asyncio.gather(
        loaders.get(repository.hukou_history_by_person).load(person_id),
        loaders.get(repository.periods_by_person).load(person_id),
        loaders.get(repository.permits_by_person).load(person_id),
        loaders.get(poverty_facts_by_person).load(person_id),
        loaders.get(employment_facts_by_person).load(person_id),
        loaders.get(repository.applications_by_person).load(person_id),
        loaders.get(repository.household_periods_by_person).load(person_id),
    )
    household = await household_load
    members = (
        [] if household is None else await loaders.get(repository.members_by_household).load(household["id"])
    )
    return RuleFacts(
        person_id=str(person_id),
        born=born,
        target=TargetFacts(
            hukou=[
                Hukou(r["hukou_type"], r["region_code"], r["recorded_on"], _own(r, version=False))
                for r in hukou
            ],
            poverty=[poverty_of(r) for r in poverty],
            stays=[*(_stay(r) for r in periods), *(work_stay_of(r) for r in work)],
        ),
        permits=[
            Permit(str(r["id"]), r["city_code"], r["issued_on"], r["valid_until"], r["revoked_on"], _own(r))
            for r in permits
        ],
        household=_household(household, members, household_periods),
        applications=[application(r) for r in applications],
    )
