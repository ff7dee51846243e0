"""Settlement's entitlements (clauses 十四, 十六): the rule book, and a rule-test case's
facts as the rules receive them (docs/entitlements/settlement.md)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from servicekit.entitlements.cases import Case, ResidenceCase
from servicekit.entitlements.guides import load_guides
from servicekit.entitlements.model import Source
from servicekit.entitlements.parameters import Parameters
from servicekit.entitlements.rulebook import RuleBook
from servicekit.entitlements.target import SETTLEMENT, CityStay, StayKind
from settlement.entitlements import rules
from settlement.entitlements.facts import Application, Household, Member, Permit, RuleFacts, RuralRights
from settlement.entitlements.rules import RULES

HERE = Path(__file__).parent
PARAMETERS = HERE / "parameters.yaml"
GUIDES = HERE / "guides.yaml"

BOOK: RuleBook[RuleFacts] = RuleBook(
    SETTLEMENT,
    RULES,
    Parameters.load(SETTLEMENT, PARAMETERS),
    load_guides(GUIDES),
    files=[Path(rules.__file__), PARAMETERS, GUIDES],
)

# The case person's own id in a rule test.
CASE_PERSON = "case-person"

_STRICT = ConfigDict(extra="forbid", populate_by_name=True)


class MemberCase(BaseModel):
    """Another member of the case person's household, and where they live."""

    model_config = _STRICT
    relation: str = Field(pattern="^(SPOUSE|CHILD|PARENT|OTHER)$")
    born: date = date(2010, 1, 1)
    joined: date
    left: date | None = None
    residence: list[dict[str, Any]] = []


class HouseholdCase(BaseModel):
    """The case person heads a household created on `created` with these other members."""

    model_config = _STRICT
    region: str = Field(default="350821", pattern=r"^\d{6}$")
    created: date
    members: list[MemberCase] = []


class RightsCase(BaseModel):
    model_config = _STRICT
    land_contract: bool = Field(default=True, alias="landContract")
    homestead: bool = True
    collective_income: bool = Field(default=True, alias="collectiveIncome")


class SettlementCase(BaseModel):
    """An application to settle in `region`, decided or not."""

    model_config = _STRICT
    region: str = Field(pattern=r"^\d{6}$")
    applied: date
    decided: date | None = None
    outcome: str | None = Field(default=None, pattern="^(APPROVED|REFUSED)$")
    reason: str | None = None
    rights: RightsCase = RightsCase()


class OwnCase(BaseModel):
    model_config = ConfigDict(extra="ignore")
    household: HouseholdCase | None = None
    settlement: list[SettlementCase] = []


CASE_KEYS = frozenset(OwnCase.model_fields)


def own_case(case: Case) -> OwnCase:
    facts = dict(case.facts)
    if isinstance(facts.get("settlement"), dict):
        facts["settlement"] = [facts["settlement"]]
    return OwnCase.model_validate(facts)


def _stays(residence: list[dict[str, Any]], record: str) -> list[CityStay]:
    stays = []
    for i, raw in enumerate(residence):
        r = ResidenceCase.model_validate(raw)
        stays.append(
            CityStay(
                StayKind.RESIDENCE, r.region, r.started_on, r.ended_on, Source(SETTLEMENT, f"{record}-{i}")
            )
        )
    return stays


def facts_from_case(case: Case) -> RuleFacts:
    """A case's facts as settlement's records would hold them."""
    person = case.person
    own = own_case(case)
    target = person.target_facts()
    permits = [
        Permit(f"permit-{i}", p.city, p.issued, p.valid_until, p.revoked, Source(SETTLEMENT, f"permit-{i}"))
        for i, p in enumerate(person.permits)
    ]
    household = None
    if own.household is not None:
        h = own.household
        members = [
            Member(CASE_PERSON, "HEAD", h.created, None, target.stays, Source(SETTLEMENT, "member-head")),
            *[
                Member(
                    f"member-{i}",
                    m.relation,
                    m.joined,
                    m.left,
                    _stays(m.residence, f"member-{i}-residence"),
                    Source(SETTLEMENT, f"member-{i}"),
                )
                for i, m in enumerate(h.members)
            ],
        ]
        household = Household("household-0", CASE_PERSON, members, Source(SETTLEMENT, "household-0"))
    applications = [
        Application(
            f"application-{i}",
            s.region,
            s.applied,
            RuralRights(s.rights.land_contract, s.rights.homestead, s.rights.collective_income),
            s.outcome if s.decided is not None else None,
            s.decided if s.outcome is not None else None,
            s.reason,
            Source(SETTLEMENT, f"application-{i}"),
        )
        for i, s in enumerate(own.settlement)
    ]
    return RuleFacts(
        person_id=CASE_PERSON,
        born=person.born,
        target=target,
        permits=permits,
        household=household,
        applications=applications,
    )


__all__ = ["BOOK", "CASE_KEYS", "RuleFacts", "facts_from_case"]
