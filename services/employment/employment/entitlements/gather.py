"""One person's RuleFacts from employment's tables and the kit's projections, through the
request's batch loaders: each loader is one SQL statement for every person resolved in the
request. Employment owns the employment records, so the target-person test counts time
worked in a city from its own table (not a projection of itself)."""

from __future__ import annotations

import asyncio
from uuid import UUID

import asyncpg

from employment import repository
from employment.entitlements.facts import (
    DEPARTMENT,
    Employment,
    JobSeekerRegistration,
    RuleFacts,
    Training,
)
from servicekit.context import Info
from servicekit.entitlements.model import Source
from servicekit.entitlements.target import SETTLEMENT, CityStay, StayKind, TargetFacts
from servicekit.facts.poverty import poverty_facts_by_person, poverty_of
from servicekit.facts.settlement import (
    hukou_facts_by_person,
    hukou_of,
    person_facts_by_person,
    residence_period_facts_by_person,
    stay_of,
)
from servicekit.facts.sources import projected


def own(row: asyncpg.Record) -> Source:
    return Source(DEPARTMENT, record_id=str(row["id"]), version=row["version"])


def employment_of(row: asyncpg.Record) -> Employment:
    return Employment(
        id=str(row["id"]),
        employer=row["employer"],
        industry=row["industry"],
        region=row["city_code"],
        started_on=row["started_on"],
        ended_on=row["ended_on"],
        source=own(row),
    )


def training_of(row: asyncpg.Record) -> Training:
    return Training(
        id=str(row["id"]),
        kind=row["kind"],
        course=row["course"],
        region=row["city_code"],
        started_on=row["started_on"],
        completed_on=row["completed_on"],
        subsidy_fen=row["subsidy_fen"],
        source=own(row),
    )


async def rule_facts(info: Info, person_id: UUID) -> RuleFacts:
    loaders = info.context.loaders
    # Started together: each loader gathers this request's persons into one statement.
    person, hukou = await asyncio.gather(
        loaders.get(person_facts_by_person).load(person_id),
        loaders.get(hukou_facts_by_person).load(person_id),
    )
    periods, poverty, employments, registrations, trainings = await asyncio.gather(
        loaders.get(residence_period_facts_by_person).load(person_id),
        loaders.get(poverty_facts_by_person).load(person_id),
        loaders.get(repository.employments_by_person).load(person_id),
        loaders.get(repository.registrations_by_person).load(person_id),
        loaders.get(repository.trainings_by_person).load(person_id),
    )
    work = [employment_of(r) for r in employments]
    target = TargetFacts(
        hukou=[] if hukou is None else [hukou_of(hukou)],
        poverty=[poverty_of(r) for r in poverty],
        stays=[
            *(stay_of(p) for p in periods),
            *(CityStay(StayKind.EMPLOYMENT, e.region, e.started_on, e.ended_on, e.source) for e in work),
        ],
    )
    return RuleFacts(
        target=target,
        birth_date=None if person is None else person["birth_date"],
        sex=None if person is None else person["sex"],
        birth_source=None if person is None else projected(person, SETTLEMENT, str(person_id)),
        employments=work,
        registrations=[
            JobSeekerRegistration(str(r["id"]), r["city_code"], r["registered_on"], r["closed_on"], own(r))
            for r in registrations
        ],
        trainings=[training_of(r) for r in trainings],
    )
