"""The YAML rule tests' format: one file per clause, personas' facts as of a date, and
the answers expected. The same files run against the pure rules and, end to end,
through the gateway after the facts are recorded with the suite's own mutations.

    clause: （十四）
    cases:
      - name: one year to the day makes her a target person
        as_of: 2019-06-01
        facts:
          hukou: {type: RURAL, region: "350821", from: 2000-01-01}
          poverty: [{registered: 2016-05-01}]
          residence: [{region: "350203", from: 2018-06-01}]
        expect:
          SETTLEMENT_HUKOU_PRIORITY: {status: ELIGIBLE, reasons: [TARGET_PERSON]}

The facts every department shares (identity, hukou, poverty, residence, permits,
employment) are
read here into the target-person test's types; a department reads its own keys.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from servicekit.entitlements.model import Decision, Source, Status
from servicekit.entitlements.target import (
    EMPLOYMENT,
    SETTLEMENT,
    SOCIAL_SECURITY,
    CityStay,
    Hukou,
    PovertyRegistration,
    StayKind,
    TargetFacts,
)

_STRICT = ConfigDict(extra="forbid", populate_by_name=True)


class HukouCase(BaseModel):
    model_config = _STRICT
    type: str = Field(pattern="^(RURAL|URBAN)$")
    region: str = Field(default="350821", pattern=r"^\d{6}$")
    recorded_on: date = Field(default=date(2000, 1, 1), alias="from")


class PovertyCase(BaseModel):
    model_config = _STRICT
    household: str = "H-CASE-0001"
    registered: date
    lifted: date | None = None


class ResidenceCase(BaseModel):
    model_config = _STRICT
    region: str = Field(pattern=r"^\d{6}$")
    started_on: date = Field(alias="from")
    ended_on: date | None = Field(default=None, alias="to")


class EmploymentCase(BaseModel):
    model_config = _STRICT
    region: str = Field(pattern=r"^\d{6}$")
    started_on: date = Field(alias="from")
    ended_on: date | None = Field(default=None, alias="to")
    employer: str = "某某服务有限公司"
    industry: str = Field(default="SERVICES", pattern="^[A-Z_]+$")


class PermitCase(BaseModel):
    model_config = _STRICT
    city: str = Field(pattern=r"^\d{6}$")
    issued: date
    valid_until: date
    revoked: date | None = None


class PersonCase(BaseModel):
    """The facts settlement and social security own that most rules need."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True)
    born: date = date(1985, 3, 1)
    sex: str = Field(default="FEMALE", pattern="^(MALE|FEMALE)$")
    hukou: HukouCase | None = None
    poverty: list[PovertyCase] = []
    residence: list[ResidenceCase] = []
    permits: list[PermitCase] = []
    employment: list[EmploymentCase] = []  # recorded by employment (the target test counts work)

    @field_validator("hukou", mode="before")
    @classmethod
    def _short_hukou(cls, value: Any) -> Any:
        return {"type": value} if isinstance(value, str) else value

    def target_facts(self) -> TargetFacts:
        """The target-person facts as a department's projections would hold them."""
        hukou = []
        if self.hukou is not None:
            hukou.append(
                Hukou(self.hukou.type, self.hukou.region, self.hukou.recorded_on, Source(SETTLEMENT))
            )
        return TargetFacts(
            hukou=hukou,
            poverty=[
                PovertyRegistration(p.household, p.registered, p.lifted, Source(SOCIAL_SECURITY))
                for p in self.poverty
            ],
            stays=[
                *(
                    CityStay(StayKind.RESIDENCE, r.region, r.started_on, r.ended_on, Source(SETTLEMENT))
                    for r in self.residence
                ),
                *(
                    CityStay(StayKind.EMPLOYMENT, e.region, e.started_on, e.ended_on, Source(EMPLOYMENT))
                    for e in self.employment
                ),
            ],
        )


COMMON_KEYS = frozenset(PersonCase.model_fields)


@dataclass(frozen=True)
class Answer:
    """What a case checks of a decision, from the pure rules or from the gateway's JSON."""

    status: Status
    reason_codes: list[str]
    eligible_from: date | None
    valid_to: date | None
    amount_fen: int | None

    @classmethod
    def of(cls, decision: Decision) -> Answer:
        return cls(
            decision.status,
            decision.reason_codes,
            decision.eligible_from,
            decision.valid_to,
            None if decision.amount is None else decision.amount.fen,
        )

    @classmethod
    def from_graphql(cls, entitlement: dict[str, Any]) -> Answer:
        """From `{status eligibleFrom validTo amount { fen } reasons { code }}`."""

        def day(value: str | None) -> date | None:
            return None if value is None else date.fromisoformat(value)

        amount = entitlement["amount"]
        return cls(
            Status(entitlement["status"]),
            [r["code"] for r in entitlement["reasons"]],
            day(entitlement["eligibleFrom"]),
            day(entitlement["validTo"]),
            None if amount is None else amount["fen"],
        )


class Expectation(BaseModel):
    model_config = _STRICT
    status: Status
    reasons: list[str] | None = None  # the decision's reason codes, in any order
    eligible_from: date | None = None
    valid_to: date | None = None
    amount_fen: int | None = None

    def mismatches(self, answer: Answer) -> list[str]:
        found: list[str] = []
        if answer.status is not self.status:
            found.append(f"status {answer.status} (expected {self.status})")
        if self.reasons is not None and sorted(answer.reason_codes) != sorted(self.reasons):
            found.append(f"reasons {sorted(answer.reason_codes)} (expected {sorted(self.reasons)})")
        for name in ("eligible_from", "valid_to", "amount_fen"):
            if name in self.model_fields_set and getattr(answer, name) != getattr(self, name):
                found.append(f"{name} {getattr(answer, name)} (expected {getattr(self, name)})")
        return found


class Case(BaseModel):
    model_config = _STRICT
    name: str
    as_of: date
    facts: dict[str, Any] = {}
    expect: dict[str, Expectation] = Field(min_length=1)

    @property
    def person(self) -> PersonCase:
        return PersonCase.model_validate(self.facts)


class CaseFile(BaseModel):
    model_config = _STRICT
    clause: str
    cases: list[Case] = Field(min_length=1)


class CaseFileError(ValueError):
    """A rule-test file that cannot be read, naming the file and what is wrong."""


def load_case_file(path: Path) -> CaseFile:
    try:
        return CaseFile.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except (yaml.YAMLError, ValidationError) as exc:
        raise CaseFileError(f"{path}: {exc}") from exc


def load_cases(folder: Path) -> list[tuple[Path, CaseFile]]:
    return [(path, load_case_file(path)) for path in sorted(folder.glob("*.yaml"))]


def unmatched_keys(case: Case, known: Sequence[str]) -> list[str]:
    """Fact keys no department reads: a typo that would otherwise be ignored."""
    return sorted(set(case.facts) - set(known))
