"""Settlement's GraphQL types. Person is the federation entity every department extends."""

from __future__ import annotations

from datetime import date
from enum import Enum
from uuid import UUID

import asyncpg
import strawberry

from servicekit.access import require_part, require_person
from servicekit.context import Info
from servicekit.entitlements.graphql import Entitlement
from servicekit.errors import NotFound
from servicekit.facts.poverty import poverty_facts_by_person
from servicekit.graphql_types import FactSource, HukouType, Region, Sex
from servicekit.identity import Sex as SexValue
from servicekit.identity import mask_id_number
from servicekit.values import parse_id, today
from settlement import repository
from settlement.entitlements import BOOK
from settlement.entitlements.gather import rule_facts
from settlement.inputs import HouseholdRelation, SettlementOutcome
from settlement.projections import SOCIAL_SECURITY

# Seeing a full resident ID number needs this scope; everyone else sees it masked.
ID_NUMBER_SCOPE = "settlement:id-number:read"
# Finding a person by a resident ID number needs this scope.
ID_NUMBER_LOOKUP_SCOPE = "settlement:id-number:lookup"


@strawberry.enum(description="Status of a residence permit (居住证) on a given date.")
class PermitStatus(Enum):
    VALID = "VALID"
    EXPIRED = "EXPIRED"
    REVOKED = "REVOKED"


@strawberry.type(description="Household registration (户口): type and registered region.")
class Hukou:
    type: HukouType
    region: Region
    recorded_on: date = strawberry.field(description="Date the registration took effect.")

    @classmethod
    def of(cls, hukou_type: str, region_code: str, recorded_on: date) -> Hukou:
        """From the stored columns (current hukou on persons, or a hukou_records row)."""
        return cls(type=HukouType(hukou_type), region=Region.of(region_code), recorded_on=recorded_on)


def _permit_status(root: ResidencePermit, as_of: date | None = None) -> PermitStatus:
    day = as_of or today()
    if root.revoked_on is not None and root.revoked_on <= day:
        return PermitStatus.REVOKED
    if day > root.valid_until:
        return PermitStatus.EXPIRED
    return PermitStatus.VALID


@strawberry.type(description="A residence permit (居住证), the document that claims services (十四).")
class ResidencePermit:
    id: strawberry.ID
    city: Region
    issued_on: date
    valid_until: date
    revoked_on: date | None
    revocation_reason: str | None

    status: PermitStatus = strawberry.field(
        resolver=_permit_status, description="Status on `asOf` (default: today in China)."
    )

    @classmethod
    def from_row(cls, row: asyncpg.Record) -> ResidencePermit:
        return cls(
            id=strawberry.ID(str(row["id"])),
            city=Region.of(row["city_code"]),
            issued_on=row["issued_on"],
            valid_until=row["valid_until"],
            revoked_on=row["revoked_on"],
            revocation_reason=row["revocation_reason"],
        )


@strawberry.type(description="A period of living in a city (城镇工作生活).")
class ResidencePeriod:
    id: strawberry.ID
    city: Region
    started_on: date
    ended_on: date | None = strawberry.field(description="Null while the period goes on.")

    @classmethod
    def from_row(cls, row: asyncpg.Record) -> ResidencePeriod:
        return cls(
            id=strawberry.ID(str(row["id"])),
            city=Region.of(row["city_code"]),
            started_on=row["started_on"],
            ended_on=row["ended_on"],
        )


@strawberry.type(
    description="A poverty registration (建档立卡) as social-security published it (clauses 十四, 十九)."
)
class PovertyRegistrationFact:
    id: strawberry.ID = strawberry.field(description="The registration's id at social-security.")
    household_number: str
    registered_on: date
    lifted_on: date | None = strawberry.field(description="Null while the person is registered poor.")
    source: FactSource

    @classmethod
    def from_row(cls, row: asyncpg.Record) -> PovertyRegistrationFact:
        return cls(
            id=strawberry.ID(str(row["registration_id"])),
            household_number=row["household_number"],
            registered_on=row["registered_on"],
            lifted_on=row["lifted_on"],
            source=FactSource.of(row, SOCIAL_SECURITY),
        )


@strawberry.type(
    description="Facts other departments shared with settlement, as settlement's projections hold them."
)
class SettlementFacts:
    poverty: list[PovertyRegistrationFact] = strawberry.field(
        description="Poverty registrations (social-security), oldest first."
    )


async def _member_person(root: HouseholdMember, info: Info) -> Person:
    row = await info.context.loaders.get(repository.persons_by_ids).load(root._person_uuid)
    assert row is not None  # household_members.person_id references persons
    return Person.from_row(row)


@strawberry.type(description="A member of a household (户), and their relation to its head.")
class HouseholdMember:
    relation: HouseholdRelation
    joined_on: date
    left_on: date | None = strawberry.field(description="Null while a member.")
    _person_uuid: strawberry.Private[UUID]

    person: Person = strawberry.field(resolver=_member_person)

    @classmethod
    def from_row(cls, row: asyncpg.Record) -> HouseholdMember:
        return cls(
            relation=HouseholdRelation(row["relation"]),
            joined_on=row["joined_on"],
            left_on=row["left_on"],
            _person_uuid=row["person_id"],
        )


async def _household_members(root: Household, info: Info) -> list[HouseholdMember]:
    rows = await info.context.loaders.get(repository.members_by_household).load(root._uuid)
    return [HouseholdMember.from_row(r) for r in rows]


@strawberry.type(
    description="A household (户): a head with spouse, children and parents. Members who left are "
    "listed with `leftOn`."
)
class Household:
    id: strawberry.ID
    region: Region
    created_on: date
    _uuid: strawberry.Private[UUID]

    members: list[HouseholdMember] = strawberry.field(
        resolver=_household_members, description="Every membership, oldest first."
    )

    @classmethod
    def from_row(cls, row: asyncpg.Record) -> Household:
        return cls(
            id=strawberry.ID(str(row["id"])),
            region=Region.of(row["region_code"]),
            created_on=row["created_on"],
            _uuid=row["id"],
        )


@strawberry.type(description="The rural rights kept unchanged by a person who settled in a city (十六).")
class RuralRightsKept:
    land_contract: bool = strawberry.field(description="Land contract right (土地承包权).")
    homestead: bool = strawberry.field(description="Homestead use right (宅基地使用权).")
    collective_income: bool = strawberry.field(
        description="Collective income distribution right (集体收益分配权)."
    )


@strawberry.type(description="An application to settle (落户) in a region and its decision (十四).")
class SettlementApplication:
    id: strawberry.ID
    region: Region
    applied_on: date
    outcome: SettlementOutcome | None = strawberry.field(description="Null while the application is open.")
    decided_on: date | None
    reason: str | None = strawberry.field(description="Why it was refused.")
    rural_rights_held: RuralRightsKept = strawberry.field(
        description="The rural rights the applicant declared holding."
    )
    rural_rights_kept: RuralRightsKept | None = strawberry.field(
        description="On approval, the rural rights kept unchanged (十六): all the rights held. "
        "Settling is never conditional on giving up the homestead."
    )

    @classmethod
    def from_row(cls, row: asyncpg.Record) -> SettlementApplication:
        held = RuralRightsKept(
            land_contract=row["land_contract"],
            homestead=row["homestead"],
            collective_income=row["collective_income"],
        )
        return cls(
            id=strawberry.ID(str(row["id"])),
            region=Region.of(row["region_code"]),
            applied_on=row["applied_on"],
            outcome=None if row["outcome"] is None else SettlementOutcome(row["outcome"]),
            decided_on=row["decided_on"],
            reason=row["reason"],
            rural_rights_held=held,
            rural_rights_kept=held if row["outcome"] == "APPROVED" else None,
        )


async def _current_household(root: PersonSettlement, info: Info) -> Household | None:
    row = await info.context.loaders.get(repository.household_by_person).load(root._uuid)
    if row is None or row["member_left_on"] is not None:
        return None
    return Household.from_row(row)


async def _applications(root: PersonSettlement, info: Info) -> list[SettlementApplication]:
    rows = await info.context.loaders.get(repository.applications_by_person).load(root._uuid)
    return [SettlementApplication.from_row(r) for r in rows]


async def _entitlements(root: PersonSettlement, info: Info, as_of: date | None = None) -> list[Entitlement]:
    facts = await rule_facts(info, root._uuid, root._born)
    return [Entitlement.of(d) for d in BOOK.evaluate(facts, as_of or today())]


@strawberry.type(
    description="Settlement's part of a person: household, applications to settle, entitlements."
)
class PersonSettlement:
    _uuid: strawberry.Private[UUID]
    _born: strawberry.Private[date]

    household: Household | None = strawberry.field(
        resolver=_current_household, description="The household the person belongs to now."
    )
    applications: list[SettlementApplication] = strawberry.field(
        resolver=_applications, description="Applications to settle (落户), oldest first."
    )
    entitlements: list[Entitlement] = strawberry.field(
        resolver=_entitlements,
        description="Settlement's entitlements (clauses 十四, 十六) as of `asOf` (default: today in China).",
    )


def _person_settlement(root: Person, info: Info) -> PersonSettlement | None:
    require_part(info, root._uuid)  # the department's read scope, or the resident themself
    return PersonSettlement(_uuid=root._uuid, _born=root.birth_date)


def _shown_id_number(root: Person, info: Info) -> str:
    caller = info.context.caller
    if caller.has(ID_NUMBER_SCOPE) or caller.person_id == str(root._uuid):
        info.context.trail.read(root._uuid, "idNumber")  # the full number, logged as such
        return root._id_number
    return mask_id_number(root._id_number)


async def _residence_permits(root: Person, info: Info) -> list[ResidencePermit]:
    rows = await info.context.loaders.get(repository.permits_by_person).load(root._uuid)
    return [ResidencePermit.from_row(r) for r in rows]


async def _residence_history(root: Person, info: Info) -> list[ResidencePeriod]:
    rows = await info.context.loaders.get(repository.periods_by_person).load(root._uuid)
    return [ResidencePeriod.from_row(r) for r in rows]


async def _hukou_history(root: Person, info: Info) -> list[Hukou]:
    rows = await info.context.loaders.get(repository.hukou_history_by_person).load(root._uuid)
    return [Hukou.of(r["hukou_type"], r["region_code"], r["recorded_on"]) for r in rows]


async def _settlement_facts(root: Person, info: Info) -> SettlementFacts | None:
    require_part(info, root._uuid)  # the department's read scope, or the resident themself
    rows = await info.context.loaders.get(poverty_facts_by_person).load(root._uuid)
    return SettlementFacts(poverty=[PovertyRegistrationFact.from_row(r) for r in rows])


@strawberry.federation.type(
    keys=["id"],
    description="A resident. `id` is opaque and stable; it is never the resident ID number.",
)
class Person:
    id: strawberry.ID
    name: str
    sex: Sex  # type: ignore[valid-type]
    birth_date: date
    hukou: Hukou | None = strawberry.field(description="Current household registration.")
    _id_number: strawberry.Private[str]
    _uuid: strawberry.Private[UUID]

    id_number: str = strawberry.field(
        resolver=_shown_id_number,
        description=(
            "Resident ID number, masked to its birthplace code (350102************) unless the "
            f"caller holds the scope {ID_NUMBER_SCOPE} or is the resident themself."
        ),
    )
    residence_permits: list[ResidencePermit] = strawberry.field(
        resolver=_residence_permits, description="Residence permits, oldest first."
    )
    residence_history: list[ResidencePeriod] = strawberry.field(
        resolver=_residence_history, description="Periods of residence, oldest first."
    )
    hukou_history: list[Hukou] = strawberry.field(
        resolver=_hukou_history, description="Every household registration recorded, oldest first."
    )
    settlement_facts: SettlementFacts | None = strawberry.field(
        resolver=_settlement_facts,
        description=(
            "Facts other departments shared with settlement, as settlement's projections hold "
            "them: what settlement's decisions about this person can use."
        ),
    )

    # Nullable like every department's part: without settlement:read it is null and FORBIDDEN.
    settlement: PersonSettlement | None = strawberry.field(
        resolver=_person_settlement,
        description="Settlement's records and entitlements of this person (clauses 十四, 十六).",
    )

    @classmethod
    async def resolve_reference(cls, info: Info, id: strawberry.ID) -> Person | None:
        try:
            person_id = parse_id(id, what="person")
        except NotFound:  # an unknown key resolves to null, as federation expects
            return None
        require_person(info, person_id)  # through any subgraph's list, the same right
        row = await info.context.loaders.get(repository.persons_by_ids).load(person_id)
        return None if row is None else cls.from_row(row)

    @classmethod
    def from_row(cls, row: asyncpg.Record) -> Person:
        hukou = None
        if row["hukou_type"] is not None:
            hukou = Hukou.of(row["hukou_type"], row["hukou_region_code"], row["hukou_recorded_on"])
        return cls(
            id=strawberry.ID(str(row["id"])),
            name=row["name"],
            sex=SexValue(row["sex"]),
            birth_date=row["birth_date"],
            hukou=hukou,
            _id_number=row["id_number"],
            _uuid=row["id"],
        )
