"""Health's GraphQL types: its part of Person."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import asyncpg
import strawberry

from health import repository
from health.entitlements import BOOK
from health.entitlements.gather import rule_facts
from health.kinds import ChronicDisease, MedicalCover
from health.projections import SETTLEMENT
from servicekit.access import require_part
from servicekit.context import Info
from servicekit.entitlements.graphql import Entitlement
from servicekit.facts.settlement import person_facts_by_person
from servicekit.graphql_types import FactSource, Region
from servicekit.values import today


@strawberry.type(
    description="An enrolment in urban and rural residents' basic medical insurance "
    "(城乡居民基本医疗保险) for one year, with the covers it includes (clause 八)."
)
class MedicalInsuranceEnrolment:
    id: strawberry.ID
    year: int = strawberry.field(description="The insurance year (参保年度).")
    city: Region
    premium_fen: int = strawberry.field(description="The individual premium of the year, integer fen.")
    paid_by_government_fen: int = strawberry.field(
        description="The part of the premium the government paid (财政资助), integer fen."
    )
    enrolled_on: date
    covers: list[MedicalCover] = strawberry.field(description="Covers besides basic medical insurance.")

    @classmethod
    def from_row(cls, row: asyncpg.Record) -> MedicalInsuranceEnrolment:
        return cls(
            id=strawberry.ID(str(row["id"])),
            year=row["year"],
            city=Region.of(row["city_code"]),
            premium_fen=row["premium_fen"],
            paid_by_government_fen=row["paid_by_government_fen"],
            enrolled_on=row["enrolled_on"],
            covers=[MedicalCover[c] for c in row["covers"]],
        )


@strawberry.type(description="A family-doctor contract (家庭医生签约), with chronic-disease management.")
class FamilyDoctorContract:
    id: strawberry.ID
    clinic: str
    signed_on: date
    ends_on: date | None = strawberry.field(description="The planned last day; null if open-ended.")
    fee_fen: int = strawberry.field(description="The personal part of the fee (个人缴费部分), integer fen.")
    subsidy_fen: int = strawberry.field(description="The part of feeFen the government pays, integer fen.")
    chronic_diseases: list[ChronicDisease]

    @classmethod
    def from_row(cls, row: asyncpg.Record) -> FamilyDoctorContract:
        return cls(
            id=strawberry.ID(str(row["id"])),
            clinic=row["clinic"],
            signed_on=row["signed_on"],
            ends_on=row["ends_on"],
            fee_fen=row["fee_fen"],
            subsidy_fen=row["subsidy_fen"],
            chronic_diseases=[ChronicDisease[d] for d in row["chronic_diseases"]],
        )


@strawberry.type(description="An inpatient admission (clause 七: 先诊疗后付费 at designated hospitals).")
class Admission:
    id: strawberry.ID
    hospital: str
    county: Region
    designated: bool = strawberry.field(description="A designated hospital (定点医院).")
    admitted_on: date
    treat_first_pay_later: bool = strawberry.field(description="Admitted without a deposit (先诊疗后付费).")

    @classmethod
    def from_row(cls, row: asyncpg.Record) -> Admission:
        return cls(
            id=strawberry.ID(str(row["id"])),
            hospital=row["hospital"],
            county=Region.of(row["county_code"]),
            designated=row["designated"],
            admitted_on=row["admitted_on"],
            treat_first_pay_later=row["treat_first_pay_later"],
        )


@strawberry.type(description="The one-stop settlement (一站式结算) of an admission's bill (clause 八).")
class HospitalSettlement:
    id: strawberry.ID
    admission_id: strawberry.ID
    settled_on: date
    total_fen: int = strawberry.field(description="The bill's total, integer fen.")
    reimbursed_fen: int = strawberry.field(description="The part reimbursed, integer fen.")

    @classmethod
    def from_row(cls, row: asyncpg.Record) -> HospitalSettlement:
        return cls(
            id=strawberry.ID(str(row["id"])),
            admission_id=strawberry.ID(str(row["admission_id"])),
            settled_on=row["settled_on"],
            total_fen=row["total_fen"],
            reimbursed_fen=row["reimbursed_fen"],
        )


@strawberry.type(description="A person's identity as settlement shared it with health.")
class HealthPersonFact:
    birth_date: date
    source: FactSource

    @classmethod
    def from_row(cls, row: asyncpg.Record) -> HealthPersonFact:
        return cls(birth_date=row["birth_date"], source=FactSource.of(row, SETTLEMENT))


async def _medical_insurance(root: Health, info: Info) -> list[MedicalInsuranceEnrolment]:
    rows = await info.context.loaders.get(repository.enrolments_by_person).load(root.person_id)
    return [MedicalInsuranceEnrolment.from_row(r) for r in rows]


async def _family_doctor(root: Health, info: Info) -> list[FamilyDoctorContract]:
    rows = await info.context.loaders.get(repository.contracts_by_person).load(root.person_id)
    return [FamilyDoctorContract.from_row(r) for r in rows]


async def _admissions(root: Health, info: Info) -> list[Admission]:
    rows = await info.context.loaders.get(repository.admissions_by_person).load(root.person_id)
    return [Admission.from_row(r) for r in rows]


async def _settlements(root: Health, info: Info) -> list[HospitalSettlement]:
    rows = await info.context.loaders.get(repository.settlements_by_person).load(root.person_id)
    return [HospitalSettlement.from_row(r) for r in rows]


async def _identity(root: Health, info: Info) -> HealthPersonFact | None:
    row = await info.context.loaders.get(person_facts_by_person).load(root.person_id)
    return None if row is None else HealthPersonFact.from_row(row)


async def _entitlements(root: Health, info: Info, as_of: date | None = None) -> list[Entitlement]:
    facts = await rule_facts(info, root.person_id)
    return [Entitlement.of(d) for d in BOOK.evaluate(facts, as_of or today())]


@strawberry.type(description="What health (健康 / 医保) holds about a person (clauses 七, 八).")
class Health:
    person_id: strawberry.Private[UUID]
    medical_insurance: list[MedicalInsuranceEnrolment] = strawberry.field(
        resolver=_medical_insurance, description="Basic medical insurance enrolments, by year."
    )
    family_doctor_contracts: list[FamilyDoctorContract] = strawberry.field(
        resolver=_family_doctor, description="Family-doctor contracts, oldest first."
    )
    admissions: list[Admission] = strawberry.field(
        resolver=_admissions, description="Inpatient admissions, oldest first."
    )
    settlements: list[HospitalSettlement] = strawberry.field(
        resolver=_settlements, description="One-stop settlements of admissions' bills, oldest first."
    )
    identity: HealthPersonFact | None = strawberry.field(
        resolver=_identity,
        description="Birth date as settlement shared it; null until its event arrives.",
    )
    entitlements: list[Entitlement] = strawberry.field(
        resolver=_entitlements,
        description="What the person is entitled to under clauses 七 and 八 as of `asOf` "
        "(default: today in China), with reasons, facts used and legal basis.",
    )


def _health(root: Person, info: Info) -> Health | None:
    require_part(info, root.uuid)  # the department's read scope, or the resident themself
    return Health(person_id=root.uuid)


@strawberry.federation.type(keys=["id"])
class Person:
    id: strawberry.ID
    uuid: strawberry.Private[UUID]
    # Nullable on purpose: when this department is down, the gateway nulls this field only,
    # and the rest of the person's view still arrives.
    health: Health | None = strawberry.field(
        resolver=_health, description="Health records (健康 / 医保); null if unavailable."
    )

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Person | None:
        try:
            return cls(id=id, uuid=UUID(id))
        except ValueError:  # an unknown key resolves to null, as federation expects
            return None
