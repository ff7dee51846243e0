"""Housing's own keys in a rule-test case (tests/rules/clause-12.yaml), beside the shared
ones (born, sex, hukou, poverty, residence, permits, employment):

    housing:   [{form: IN_KIND, city: "350203", applied: 2019-07-01, outcome: ALLOCATED,
                 decided: 2019-08-01, subsidy_fen: null, ended: null}]
    tenancies: [{landlord: 林某, address: 厦门市思明区某村12号, county: "350203", from: 2019-03-01}]

`outcome` null (or absent) is a pending application; `ended` the last day of the tenancy
or subsidy. Tenancies (clause 十三) decide no entitlement; they are recorded so that a case
can show they change nothing. devstack.demo.housing.record_case records both through the
GraphQL mutations.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

_STRICT = ConfigDict(extra="forbid", populate_by_name=True)


class ApplicationCase(BaseModel):
    model_config = _STRICT
    form: str = Field(pattern="^(IN_KIND|RENTAL_SUBSIDY|TARGETED_INDUSTRY)$")
    city: str = Field(pattern=r"^\d{6}$")
    applied: date
    outcome: str | None = Field(default=None, pattern="^(ALLOCATED|SUBSIDY_GRANTED|REFUSED|WAITLISTED)$")
    decided: date | None = None
    reason: str = ""
    subsidy_fen: int | None = Field(default=None, ge=0)
    ended: date | None = None

    @model_validator(mode="after")
    def _consistent(self) -> ApplicationCase:
        if (self.outcome is None) != (self.decided is None):
            raise ValueError("an outcome comes with its `decided` day, and the other way round")
        if (self.outcome == "SUBSIDY_GRANTED") != (self.subsidy_fen is not None):
            raise ValueError("subsidy_fen belongs to a SUBSIDY_GRANTED outcome")
        if self.ended is not None and self.outcome not in {"ALLOCATED", "SUBSIDY_GRANTED"}:
            raise ValueError("only an allocation or a subsidy ends")
        return self


class TenancyCase(BaseModel):
    model_config = _STRICT
    landlord: str = "林某某"
    address: str = "厦门市思明区某某村1号"
    county: str = Field(pattern=r"^\d{6}$")
    started_on: date = Field(alias="from")


class HousingCase(BaseModel):
    model_config = ConfigDict(extra="ignore")
    housing: list[ApplicationCase] = []
    tenancies: list[TenancyCase] = []

    @classmethod
    def of(cls, facts: dict[str, Any]) -> HousingCase:
        return cls.model_validate(facts)


CASE_KEYS = frozenset(HousingCase.model_fields)
