"""Education's GraphQL types: its part of Person."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import asyncpg
import strawberry

from education import repository
from education.entitlements import BOOK
from education.entitlements.gather import rule_facts
from education.kinds import EducationLevel, SchoolLeavingReason, StudentAidKind
from servicekit.access import require_part
from servicekit.context import Info
from servicekit.entitlements.graphql import Entitlement
from servicekit.errors import NotFound
from servicekit.graphql_types import Region
from servicekit.values import parse_id, today


@strawberry.type(name="SchoolEnrolment", description="An enrolment of a student at a school (入学).")
class Enrolment:
    id: strawberry.ID
    level: EducationLevel
    grade: int | None = strawberry.field(description="1–9 for compulsory education; null otherwise.")
    school: str
    city: Region = strawberry.field(description="Where the school is.")
    public_school: bool = strawberry.field(description="A public school (公办学校).")
    started_on: date
    ended_on: date | None = strawberry.field(description="The last day; null while it goes on.")
    end_reason: SchoolLeavingReason | None

    @classmethod
    def from_row(cls, row: asyncpg.Record) -> Enrolment:
        return cls(
            id=strawberry.ID(str(row["id"])),
            level=EducationLevel[row["level"]],
            grade=row["grade"],
            school=row["school"],
            city=Region.of(row["city_code"]),
            public_school=row["public_school"],
            started_on=row["started_on"],
            ended_on=row["ended_on"],
            end_reason=None if row["end_reason"] is None else SchoolLeavingReason[row["end_reason"]],
        )


@strawberry.type(description="A graduation (毕业): the GRADUATED end of an enrolment.")
class Graduation:
    id: strawberry.ID
    enrolment_id: strawberry.ID
    graduated_on: date
    graduation_year: int = strawberry.field(description="毕业年度: the calendar year of graduation.")

    @classmethod
    def from_row(cls, row: asyncpg.Record) -> Graduation:
        return cls(
            id=strawberry.ID(str(row["id"])),
            enrolment_id=strawberry.ID(str(row["enrolment_id"])),
            graduated_on=row["graduated_on"],
            graduation_year=row["graduation_year"],
        )


@strawberry.type(description="Student aid granted for an enrolment (学生资助).")
class StudentAid:
    id: strawberry.ID
    enrolment_id: strawberry.ID
    kind: StudentAidKind
    amount_fen: int = strawberry.field(description="Integer fen (分).")
    granted_on: date

    @classmethod
    def from_row(cls, row: asyncpg.Record) -> StudentAid:
        return cls(
            id=strawberry.ID(str(row["id"])),
            enrolment_id=strawberry.ID(str(row["enrolment_id"])),
            kind=StudentAidKind[row["kind"]],
            amount_fen=row["amount_fen"],
            granted_on=row["granted_on"],
        )


async def _enrolments(root: Education, info: Info) -> list[Enrolment]:
    rows = await info.context.loaders.get(repository.enrolments_by_person).load(root._person_id)
    return [Enrolment.from_row(r) for r in rows]


async def _graduations(root: Education, info: Info) -> list[Graduation]:
    rows = await info.context.loaders.get(repository.graduations_by_person).load(root._person_id)
    return [Graduation.from_row(r) for r in rows]


async def _aid(root: Education, info: Info) -> list[StudentAid]:
    rows = await info.context.loaders.get(repository.aid_by_person).load(root._person_id)
    return [StudentAid.from_row(r) for r in rows]


async def _entitlements(root: Education, info: Info, as_of: date | None = None) -> list[Entitlement]:
    facts = await rule_facts(info, root._person_id)
    return [Entitlement.of(d) for d in BOOK.evaluate(facts, as_of or today())]


@strawberry.type(description="What education holds about a person (clauses 三–六).")
class Education:
    _person_id: strawberry.Private[UUID]
    enrolments: list[Enrolment] = strawberry.field(
        resolver=_enrolments, description="Enrolments, oldest first."
    )
    graduations: list[Graduation] = strawberry.field(
        resolver=_graduations, description="Graduations, oldest first."
    )
    student_aid: list[StudentAid] = strawberry.field(resolver=_aid, description="Student aid, oldest first.")
    entitlements: list[Entitlement] = strawberry.field(
        resolver=_entitlements,
        description="What the person is entitled to under clauses 三–六 as of `asOf` "
        "(default: today in China), with reasons, facts used and legal basis.",
    )


def _education(root: Person, info: Info) -> Education | None:
    require_part(info, root._uuid)  # the department's read scope, or the resident themself
    return Education(_person_id=root._uuid)


@strawberry.federation.type(keys=["id"])
class Person:
    id: strawberry.ID
    _uuid: strawberry.Private[UUID]
    # Nullable on purpose: when this department is down, the gateway nulls this field only,
    # and the rest of the person's view still arrives.
    education: Education | None = strawberry.field(
        resolver=_education, description="Education records (教育); null if unavailable."
    )

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Person | None:
        try:
            return cls(id=id, _uuid=parse_id(id, what="person"))
        except NotFound:  # a malformed key names nobody: null, as federation expects
            return None
