"""One person's RuleFacts from social security's tables, through the request's batch
loaders: each loader is one SQL statement for every person resolved in the request."""

from __future__ import annotations

import asyncio
from uuid import UUID

import asyncpg

from servicekit.context import Info
from servicekit.entitlements.model import Source
from servicekit.entitlements.target import (
    SETTLEMENT,
    PovertyRegistration,
    TargetFacts,
)
from servicekit.facts.employment import employment_facts_by_person, work_stay_of
from servicekit.facts.settlement import (
    hukou_facts_by_person,
    hukou_of,
    person_facts_by_person,
    residence_period_facts_by_person,
    stay_of,
)
from servicekit.facts.sources import projected
from social_security import repository
from social_security.entitlements.facts import (
    DEPARTMENT,
    AssistanceGrant,
    Disability,
    Enrolment,
    RuleFacts,
    WorkInjury,
)


def own(row: asyncpg.Record) -> Source:
    return Source(DEPARTMENT, record_id=str(row["id"]), version=row["version"])


def enrolment(row: asyncpg.Record) -> Enrolment:
    return Enrolment(
        id=str(row["id"]),
        scheme=row["scheme"],
        started_on=row["started_on"],
        ended_on=row["ended_on"],
        end_reason=row["end_reason"],
        employer=row["employer"],
        project=row["project"],
        worker_contributes=row["worker_contributes"],
        premium_paid_by_government=row["premium_paid_by_government"],
        source=own(row),
    )


def grant(row: asyncpg.Record) -> AssistanceGrant:
    days = [d for d in (row["ends_on"], row["ended_on"]) if d is not None]
    return AssistanceGrant(
        id=str(row["id"]),
        kind=row["kind"],
        started_on=row["started_on"],
        last_day=min(days) if days else None,
        amount_fen=row["amount_fen"],
        period=row["period"],
        source=own(row),
    )


async def rule_facts(info: Info, person_id: UUID) -> RuleFacts:
    loaders = info.context.loaders
    # Started together: each loader gathers this request's persons into one statement.
    person, hukou = await asyncio.gather(
        loaders.get(person_facts_by_person).load(person_id),
        loaders.get(hukou_facts_by_person).load(person_id),
    )
    periods, work, poverty, enrolments, injuries, assistance, disabilities = await asyncio.gather(
        loaders.get(residence_period_facts_by_person).load(person_id),
        loaders.get(employment_facts_by_person).load(person_id),
        loaders.get(repository.registrations_by_person).load(person_id),
        loaders.get(repository.enrolments_by_person).load(person_id),
        loaders.get(repository.injuries_by_person).load(person_id),
        loaders.get(repository.assistance_by_person).load(person_id),
        loaders.get(repository.disabilities_by_person).load(person_id),
    )
    target = TargetFacts(
        hukou=[] if hukou is None else [hukou_of(hukou)],
        poverty=[
            PovertyRegistration(r["household_number"], r["registered_on"], r["lifted_on"], own(r))
            for r in poverty
        ],
        stays=[*(stay_of(p) for p in periods), *(work_stay_of(w) for w in work)],
    )
    return RuleFacts(
        target=target,
        birth_date=None if person is None else person["birth_date"],
        birth_source=None if person is None else projected(person, SETTLEMENT, str(person_id)),
        enrolments=[enrolment(r) for r in enrolments],
        injuries=[
            WorkInjury(str(r["id"]), str(r["enrolment_id"]), r["recognized_on"], own(r)) for r in injuries
        ],
        assistance=[grant(r) for r in assistance],
        disabilities=[
            Disability(str(r["id"]), r["category"], r["grade"], r["certified_on"], r["revoked_on"], own(r))
            for r in disabilities
        ],
    )
