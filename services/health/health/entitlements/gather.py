"""One person's RuleFacts from health's tables and projections, through the request's
batch loaders: each loader is one SQL statement for every person resolved in the request."""

from __future__ import annotations

import asyncio
from uuid import UUID

import asyncpg

from health import repository
from health.entitlements.facts import DEPARTMENT, Admission, Contract, Enrolment, RuleFacts, Settlement
from servicekit.context import Info
from servicekit.entitlements.model import Source
from servicekit.entitlements.target import TargetFacts
from servicekit.facts.employment import employment_facts_by_person, work_stay_of
from servicekit.facts.poverty import poverty_facts_by_person, poverty_of
from servicekit.facts.settlement import (
    hukou_facts_by_person,
    hukou_of,
    residence_period_facts_by_person,
    stay_of,
)


def own(row: asyncpg.Record) -> Source:
    return Source(DEPARTMENT, record_id=str(row["id"]), version=row["version"])


def enrolment(row: asyncpg.Record) -> Enrolment:
    return Enrolment(
        str(row["id"]),
        row["year"],
        row["city_code"],
        row["premium_fen"],
        row["paid_by_government_fen"],
        row["enrolled_on"],
        tuple(row["covers"]),
        own(row),
    )


def contract(row: asyncpg.Record) -> Contract:
    return Contract(
        str(row["id"]),
        row["clinic"],
        row["signed_on"],
        row["ends_on"],
        row["fee_fen"],
        row["subsidy_fen"],
        tuple(row["chronic_diseases"]),
        own(row),
    )


def admission(row: asyncpg.Record) -> Admission:
    return Admission(
        str(row["id"]),
        row["hospital"],
        row["county_code"],
        row["designated"],
        row["admitted_on"],
        row["treat_first_pay_later"],
        own(row),
    )


def settlement(row: asyncpg.Record) -> Settlement:
    return Settlement(
        str(row["id"]),
        str(row["admission_id"]),
        row["settled_on"],
        row["total_fen"],
        row["reimbursed_fen"],
        own(row),
    )


async def rule_facts(info: Info, person_id: UUID) -> RuleFacts:
    loaders = info.context.loaders
    # Started together: each loader gathers this request's persons into one statement.
    hukou_load = loaders.get(hukou_facts_by_person).load(person_id)
    periods, work, poverty, enrolments, contracts, admissions, settlements = await asyncio.gather(
        loaders.get(residence_period_facts_by_person).load(person_id),
        loaders.get(employment_facts_by_person).load(person_id),
        loaders.get(poverty_facts_by_person).load(person_id),
        loaders.get(repository.enrolments_by_person).load(person_id),
        loaders.get(repository.contracts_by_person).load(person_id),
        loaders.get(repository.admissions_by_person).load(person_id),
        loaders.get(repository.settlements_by_person).load(person_id),
    )
    hukou = await hukou_load
    return RuleFacts(
        target=TargetFacts(
            hukou=[] if hukou is None else [hukou_of(hukou)],
            poverty=[poverty_of(r) for r in poverty],
            stays=[*(stay_of(p) for p in periods), *(work_stay_of(w) for w in work)],
        ),
        enrolments=[enrolment(r) for r in enrolments],
        contracts=[contract(r) for r in contracts],
        admissions=[admission(r) for r in admissions],
        settlements=[settlement(r) for r in settlements],
    )
