"""就业 Employment's GraphQL types: its part of Person."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import asyncpg
import strawberry

from employment import repository
from employment.entitlements import BOOK
from employment.entitlements.gather import rule_facts
from employment.kinds import Industry, TrainingKind
from employment.projections import SETTLEMENT
from servicekit.access import require_part
from servicekit.context import Info
from servicekit.entitlements.graphql import Entitlement
from servicekit.errors import NotFound
from servicekit.facts.settlement import person_facts_by_person
from servicekit.graphql_types import FactSource, Region
from servicekit.values import parse_id, today


@strawberry.type(description="An employment record (城镇就业): who the person works for, where, since when.")
class EmploymentRecord:
    id: strawberry.ID
    employer: str
    industry: Industry
    region: Region = strawberry.field(description="Where the person works.")
    started_on: date
    ended_on: date | None = strawberry.field(description="The last day worked; null while it goes on.")

    @classmethod
    def from_row(cls, row: asyncpg.Record) -> EmploymentRecord:
        return cls(
            id=strawberry.ID(str(row["id"])),
            employer=row["employer"],
            industry=Industry[row["industry"]],
            region=Region.of(row["city_code"]),
            started_on=row["started_on"],
            ended_on=row["ended_on"],
        )


@strawberry.type(description="A job-seeker registration (求职登记) at a public employment service.")
class JobSeekerRegistration:
    id: strawberry.ID
    region: Region
    registered_on: date
    closed_on: date | None = strawberry.field(description="The last day it was open; null while open.")

    @classmethod
    def from_row(cls, row: asyncpg.Record) -> JobSeekerRegistration:
        return cls(
            id=strawberry.ID(str(row["id"])),
            region=Region.of(row["city_code"]),
            registered_on=row["registered_on"],
            closed_on=row["closed_on"],
        )


@strawberry.type(description="A training enrolment (职业技能培训 or 学历提升) and the subsidy granted.")
class Training:
    id: strawberry.ID
    kind: TrainingKind
    course: str
    region: Region
    started_on: date
    completed_on: date | None = strawberry.field(description="The last day; null while it goes on.")
    subsidy_fen: int = strawberry.field(description="The training subsidy granted, integer fen (分).")

    @classmethod
    def from_row(cls, row: asyncpg.Record) -> Training:
        return cls(
            id=strawberry.ID(str(row["id"])),
            kind=TrainingKind[row["kind"]],
            course=row["course"],
            region=Region.of(row["city_code"]),
            started_on=row["started_on"],
            completed_on=row["completed_on"],
            subsidy_fen=row["subsidy_fen"],
        )


@strawberry.type(description="A person's identity as settlement shared it with 就业 Employment.")
class EmploymentPersonFact:
    birth_date: date
    source: FactSource

    @classmethod
    def from_row(cls, row: asyncpg.Record) -> EmploymentPersonFact:
        return cls(birth_date=row["birth_date"], source=FactSource.of(row, SETTLEMENT))


async def _employments(root: Employment, info: Info) -> list[EmploymentRecord]:
    rows = await info.context.loaders.get(repository.employments_by_person).load(root.person_id)
    return [EmploymentRecord.from_row(r) for r in rows]


async def _registrations(root: Employment, info: Info) -> list[JobSeekerRegistration]:
    rows = await info.context.loaders.get(repository.registrations_by_person).load(root.person_id)
    return [JobSeekerRegistration.from_row(r) for r in rows]


async def _trainings(root: Employment, info: Info) -> list[Training]:
    rows = await info.context.loaders.get(repository.trainings_by_person).load(root.person_id)
    return [Training.from_row(r) for r in rows]


async def _identity(root: Employment, info: Info) -> EmploymentPersonFact | None:
    row = await info.context.loaders.get(person_facts_by_person).load(root.person_id)
    return None if row is None else EmploymentPersonFact.from_row(row)


async def _entitlements(root: Employment, info: Info, as_of: date | None = None) -> list[Entitlement]:
    facts = await rule_facts(info, root.person_id)
    return [Entitlement.of(d) for d in BOOK.evaluate(facts, as_of or today())]


@strawberry.type(description="What 就业 Employment holds about a person (clauses 三, 四).")
class Employment:
    person_id: strawberry.Private[UUID]
    employments: list[EmploymentRecord] = strawberry.field(
        resolver=_employments, description="Employment records, oldest first."
    )
    job_seeker_registrations: list[JobSeekerRegistration] = strawberry.field(
        resolver=_registrations, description="Job-seeker registrations (求职登记), oldest first."
    )
    trainings: list[Training] = strawberry.field(
        resolver=_trainings, description="Training and degree-upgrade enrolments, oldest first."
    )
    identity: EmploymentPersonFact | None = strawberry.field(
        resolver=_identity,
        description="Birth date as settlement shared it; null until its event arrives.",
    )
    entitlements: list[Entitlement] = strawberry.field(
        resolver=_entitlements,
        description="What the person is entitled to under clauses 三 and 四 as of `asOf` "
        "(default: today in China), with reasons, facts used and legal basis.",
    )


def _employment(root: Person, info: Info) -> Employment | None:
    require_part(info, root.uuid)  # the department's read scope, or the resident themself
    return Employment(person_id=root.uuid)


@strawberry.federation.type(keys=["id"])
class Person:
    id: strawberry.ID
    uuid: strawberry.Private[UUID]
    # Nullable on purpose: when this department is down, the gateway nulls this field only,
    # and the rest of the person's view still arrives.
    employment: Employment | None = strawberry.field(
        resolver=_employment, description="就业 Employment records; null if unavailable."
    )

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Person | None:
        try:
            return cls(id=id, uuid=parse_id(id, what="person"))
        except NotFound:  # a malformed key names nobody: null, as federation expects
            return None
