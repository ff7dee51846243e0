"""Social security's GraphQL types: its part of Person."""

from __future__ import annotations

from datetime import date
from enum import Enum
from uuid import UUID

import asyncpg
import strawberry

from servicekit.access import require_part
from servicekit.context import Info
from servicekit.entitlements.graphql import Entitlement
from servicekit.errors import NotFound
from servicekit.values import parse_id, today
from social_security import repository
from social_security.entitlements import BOOK
from social_security.entitlements.gather import rule_facts
from social_security.facts import SocialSecurityFacts
from social_security.kinds import (
    AssistanceKind,
    DisabilityCategory,
    EnrolmentEndReason,
    InsuranceScheme,
    PaymentPeriod,
)


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


@strawberry.type(description="An enrolment in a social insurance scheme (clauses 九, 十).")
class InsuranceEnrolment:
    id: strawberry.ID
    scheme: InsuranceScheme
    started_on: date
    ended_on: date | None = strawberry.field(description="The last day of cover; null while it goes on.")
    end_reason: EnrolmentEndReason | None
    employer: str | None
    project: str | None = strawberry.field(description="WORK_INJURY per construction project (按项目参保).")
    worker_contributes: bool = strawberry.field(description="UNEMPLOYMENT: the worker pays the premium.")
    premium_paid_by_government: bool = strawberry.field(
        description="RESIDENT_PENSION: the government pays the premium (代缴)."
    )

    @classmethod
    def from_row(cls, row: asyncpg.Record) -> InsuranceEnrolment:
        return cls(
            id=strawberry.ID(str(row["id"])),
            scheme=InsuranceScheme[row["scheme"]],
            started_on=row["started_on"],
            ended_on=row["ended_on"],
            end_reason=None if row["end_reason"] is None else EnrolmentEndReason[row["end_reason"]],
            employer=row["employer"],
            project=row["project"],
            worker_contributes=row["worker_contributes"],
            premium_paid_by_government=row["premium_paid_by_government"],
        )


@strawberry.type(description="A work injury recognised by law (依法认定为工伤).")
class WorkInjury:
    id: strawberry.ID
    enrolment_id: strawberry.ID = strawberry.field(description="The WORK_INJURY enrolment it is under.")
    recognized_on: date

    @classmethod
    def from_row(cls, row: asyncpg.Record) -> WorkInjury:
        return cls(
            id=strawberry.ID(str(row["id"])),
            enrolment_id=strawberry.ID(str(row["enrolment_id"])),
            recognized_on=row["recognized_on"],
        )


@strawberry.type(description="Social assistance granted (clause 十一).")
class Assistance:
    id: strawberry.ID
    kind: AssistanceKind
    started_on: date
    ends_on: date | None = strawberry.field(description="The planned last day; null if open-ended.")
    ended_on: date | None = strawberry.field(description="The last day, when ended early.")
    amount_fen: int = strawberry.field(description="Integer fen (分) per period.")
    period: PaymentPeriod

    @classmethod
    def from_row(cls, row: asyncpg.Record) -> Assistance:
        return cls(
            id=strawberry.ID(str(row["id"])),
            kind=AssistanceKind[row["kind"]],
            started_on=row["started_on"],
            ends_on=row["ends_on"],
            ended_on=row["ended_on"],
            amount_fen=row["amount_fen"],
            period=PaymentPeriod[row["period"]],
        )


@strawberry.type(description="A certified disability (残疾人证).")
class DisabilityStatus:
    id: strawberry.ID
    category: DisabilityCategory
    grade: int = strawberry.field(description="1 (most severe) to 4.")
    certified_on: date
    revoked_on: date | None = strawberry.field(description="The first day it no longer holds.")

    @classmethod
    def from_row(cls, row: asyncpg.Record) -> DisabilityStatus:
        return cls(
            id=strawberry.ID(str(row["id"])),
            category=DisabilityCategory[row["category"]],
            grade=row["grade"],
            certified_on=row["certified_on"],
            revoked_on=row["revoked_on"],
        )


async def _insurance(root: SocialSecurity, info: Info) -> list[InsuranceEnrolment]:
    rows = await info.context.loaders.get(repository.enrolments_by_person).load(root._person_id)
    return [InsuranceEnrolment.from_row(r) for r in rows]


async def _work_injuries(root: SocialSecurity, info: Info) -> list[WorkInjury]:
    rows = await info.context.loaders.get(repository.injuries_by_person).load(root._person_id)
    return [WorkInjury.from_row(r) for r in rows]


async def _assistance(root: SocialSecurity, info: Info) -> list[Assistance]:
    rows = await info.context.loaders.get(repository.assistance_by_person).load(root._person_id)
    return [Assistance.from_row(r) for r in rows]


async def _disabilities(root: SocialSecurity, info: Info) -> list[DisabilityStatus]:
    rows = await info.context.loaders.get(repository.disabilities_by_person).load(root._person_id)
    return [DisabilityStatus.from_row(r) for r in rows]


async def _entitlements(root: SocialSecurity, info: Info, as_of: date | None = None) -> list[Entitlement]:
    facts = await rule_facts(info, root._person_id)
    return [Entitlement.of(d) for d in BOOK.evaluate(facts, as_of or today())]


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
    insurance: list[InsuranceEnrolment] = strawberry.field(
        resolver=_insurance, description="Social insurance enrolments, oldest first."
    )
    work_injuries: list[WorkInjury] = strawberry.field(
        resolver=_work_injuries, description="Work injuries recognised by law, oldest first."
    )
    assistance: list[Assistance] = strawberry.field(
        resolver=_assistance,
        description="Social assistance grants (dibao, temporary, special hardship), oldest first.",
    )
    disabilities: list[DisabilityStatus] = strawberry.field(
        resolver=_disabilities, description="Disability records, oldest first."
    )
    entitlements: list[Entitlement] = strawberry.field(
        resolver=_entitlements,
        description="What the person is entitled to under clauses 九–十一 as of `asOf` "
        "(default: today in China), with reasons, facts used and legal basis.",
    )


def _social_security(root: Person, info: Info) -> SocialSecurity | None:
    require_part(info, root._uuid)  # the department's read scope, or the resident themself
    return SocialSecurity(_person_id=root._uuid)


def _social_security_facts(root: Person, info: Info) -> SocialSecurityFacts | None:
    require_part(info, root._uuid)  # the department's read scope, or the resident themself
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
