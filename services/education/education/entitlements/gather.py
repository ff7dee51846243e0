"""One person's RuleFacts from education's tables and projections, through the request's
batch loaders: each loader is one SQL statement for every person resolved in the request.
The household's other members are a second round (memberships by household) and a third
(their permits, poverty registrations and dibao), each again one statement per loader.
"""

from __future__ import annotations

import asyncio
from uuid import UUID

import asyncpg

from education import repository
from education.entitlements.facts import (
    DEPARTMENT,
    Aid,
    Dibao,
    Disability,
    Enrolment,
    Graduation,
    Membership,
    Permit,
    Relative,
    RuleFacts,
)
from servicekit.context import Info
from servicekit.entitlements.model import Source
from servicekit.entitlements.target import SETTLEMENT, SOCIAL_SECURITY, TargetFacts
from servicekit.facts.employment import employment_facts_by_person, work_stay_of
from servicekit.facts.poverty import poverty_facts_by_person, poverty_of
from servicekit.facts.settlement import (
    hukou_facts_by_person,
    hukou_of,
    person_facts_by_person,
    residence_period_facts_by_person,
    residence_permit_facts_by_person,
    stay_of,
)
from servicekit.facts.sources import projected


def own(row: asyncpg.Record) -> Source:
    return Source(DEPARTMENT, record_id=str(row["id"]), version=row["version"])


def membership(row: asyncpg.Record) -> Membership:
    return Membership(
        str(row["household_id"]),
        str(row["person_id"]),
        row["relation"],
        row["joined_on"],
        row["left_on"],
        projected(row, SETTLEMENT, f"{row['household_id']}/{row['person_id']}"),
    )


def permit(row: asyncpg.Record) -> Permit:
    return Permit(
        str(row["permit_id"]),
        row["city_code"],
        row["issued_on"],
        row["valid_until"],
        row["revoked_on"],
        projected(row, SETTLEMENT, str(row["permit_id"])),
    )


def dibao(row: asyncpg.Record) -> Dibao:
    return Dibao(
        str(row["assistance_id"]),
        row["started_on"],
        row["last_day"],
        projected(row, SOCIAL_SECURITY, str(row["assistance_id"])),
    )


def enrolment(row: asyncpg.Record) -> Enrolment:
    return Enrolment(
        str(row["id"]),
        row["level"],
        row["grade"],
        row["school"],
        row["city_code"],
        row["public_school"],
        row["started_on"],
        row["ended_on"],
        row["end_reason"],
        own(row),
    )


async def rule_facts(info: Info, person_id: UUID) -> RuleFacts:
    loaders = info.context.loaders
    # Started together: each loader gathers this request's persons into one statement.
    person, hukou = await asyncio.gather(
        loaders.get(person_facts_by_person).load(person_id),
        loaders.get(hukou_facts_by_person).load(person_id),
    )
    (
        periods,
        work,
        poverty,
        memberships,
        own_dibao,
        disabilities,
        enrolments,
        graduations,
        aid,
    ) = await asyncio.gather(
        loaders.get(residence_period_facts_by_person).load(person_id),
        loaders.get(employment_facts_by_person).load(person_id),
        loaders.get(poverty_facts_by_person).load(person_id),
        loaders.get(repository.memberships_by_person).load(person_id),
        loaders.get(repository.dibao_by_person).load(person_id),
        loaders.get(repository.disabilities_by_person).load(person_id),
        loaders.get(repository.enrolments_by_person).load(person_id),
        loaders.get(repository.graduations_by_person).load(person_id),
        loaders.get(repository.aid_by_person).load(person_id),
    )
    households = list(dict.fromkeys(m["household_id"] for m in memberships))
    members = [
        m
        for rows in await loaders.get(repository.memberships_by_household).load_many(households)
        for m in rows
        if m["person_id"] != person_id
    ]
    ids = list(dict.fromkeys(m["person_id"] for m in members))
    permits, poverties, dibaos = await asyncio.gather(
        loaders.get(residence_permit_facts_by_person).load_many(ids),
        loaders.get(poverty_facts_by_person).load_many(ids),
        loaders.get(repository.dibao_by_person).load_many(ids),
    )
    by_person = {pid: (p, q, d) for pid, p, q, d in zip(ids, permits, poverties, dibaos, strict=True)}
    levels = {e["id"]: e["level"] for e in enrolments}
    target = TargetFacts(
        hukou=[] if hukou is None else [hukou_of(hukou)],
        poverty=[poverty_of(r) for r in poverty],
        stays=[*(stay_of(p) for p in periods), *(work_stay_of(w) for w in work)],
    )
    return RuleFacts(
        target=target,
        birth_date=None if person is None else person["birth_date"],
        birth_source=None if person is None else projected(person, SETTLEMENT, str(person_id)),
        memberships=[membership(m) for m in memberships],
        relatives=[
            Relative(
                membership(m),
                permits=[permit(r) for r in by_person[m["person_id"]][0]],
                poverty=[poverty_of(r) for r in by_person[m["person_id"]][1]],
                dibao=[dibao(r) for r in by_person[m["person_id"]][2]],
            )
            for m in members
        ],
        dibao=[dibao(r) for r in own_dibao],
        disabilities=[
            Disability(
                str(r["disability_id"]),
                r["certified_on"],
                r["revoked_on"],
                projected(r, SOCIAL_SECURITY, str(r["disability_id"])),
            )
            for r in disabilities
        ],
        enrolments=[enrolment(r) for r in enrolments],
        graduations=[
            Graduation(
                str(g["id"]), str(g["enrolment_id"]), levels[g["enrolment_id"]], g["graduated_on"], own(g)
            )
            for g in graduations
        ],
        aid=[
            Aid(str(a["id"]), str(a["enrolment_id"]), a["kind"], a["amount_fen"], a["granted_on"], own(a))
            for a in aid
        ],
    )
