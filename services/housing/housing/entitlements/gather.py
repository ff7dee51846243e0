"""One person's RuleFacts from housing's tables and projections, through the request's
batch loaders: each loader is one SQL statement for every person resolved in the request."""

from __future__ import annotations

import asyncio
from uuid import UUID

import asyncpg

from housing import repository
from housing.entitlements.facts import DEPARTMENT, Application, Employment, RuleFacts
from servicekit.context import Info
from servicekit.entitlements.model import Source
from servicekit.entitlements.target import EMPLOYMENT, TargetFacts
from servicekit.facts.employment import employment_facts_by_person, work_stay_of
from servicekit.facts.poverty import poverty_facts_by_person, poverty_of
from servicekit.facts.settlement import (
    hukou_facts_by_person,
    hukou_of,
    residence_period_facts_by_person,
    stay_of,
)
from servicekit.facts.sources import projected


def employment_of(row: asyncpg.Record) -> Employment:
    return Employment(
        id=str(row["employment_id"]),
        employer=row["employer"],
        industry=row["industry"],
        region=row["city_code"],
        started_on=row["started_on"],
        ended_on=row["ended_on"],
        source=projected(row, EMPLOYMENT, str(row["employment_id"])),
    )


def application_of(row: asyncpg.Record) -> Application:
    return Application(
        id=str(row["id"]),
        form=row["form"],
        city_code=row["city_code"],
        applied_on=row["applied_on"],
        outcome=row["outcome"],
        decided_on=row["decided_on"],
        subsidy_fen=row["subsidy_fen"],
        ended_on=row["ended_on"],
        source=Source(DEPARTMENT, record_id=str(row["id"]), version=row["version"]),
    )


async def rule_facts(info: Info, person_id: UUID) -> RuleFacts:
    loaders = info.context.loaders
    # Started together: each loader gathers this request's persons into one statement.
    hukou, periods, poverty, work, applications = await asyncio.gather(
        loaders.get(hukou_facts_by_person).load(person_id),
        loaders.get(residence_period_facts_by_person).load(person_id),
        loaders.get(poverty_facts_by_person).load(person_id),
        loaders.get(employment_facts_by_person).load(person_id),
        loaders.get(repository.applications_by_person).load(person_id),
    )
    target = TargetFacts(
        hukou=[] if hukou is None else [hukou_of(hukou)],
        poverty=[poverty_of(r) for r in poverty],
        stays=[*(stay_of(p) for p in periods), *(work_stay_of(w) for w in work)],
    )
    return RuleFacts(
        target=target,
        employment=[employment_of(w) for w in work],
        applications=[application_of(a) for a in applications],
    )
