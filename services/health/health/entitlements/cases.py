"""Health's own keys in a rule-test case (tests/rules/clause-07.yaml, clause-08.yaml),
beside the shared ones (born, sex, hukou, poverty, residence, permits, employment):

    medical_insurance: [{year: 2020, city: "350203", premium_fen: 25000, government_fen: 25000,
                         enrolled: 2019-10-15, covers: [CRITICAL_ILLNESS, MEDICAL_ASSISTANCE,
                         PRECISION_POVERTY]}]
    family_doctor:     [{clinic: 某社区卫生服务中心, signed: 2020-03-01, ends: 2021-02-28,
                         fee_fen: 1200, subsidy_fen: 1200, chronic: [HYPERTENSION]}]
    admissions:        [{hospital: 某县医院, county: "350821", designated: true,
                         admitted: 2020-05-01, treat_first_pay_later: true,
                         settlement: {settled: 2020-05-12, total_fen: 800000, reimbursed_fen: 720000}}]

`government_fen` is the part of the premium the government paid; `fee_fen` the personal
part of the contract fee and `subsidy_fen` the part of it subsidised; `ends` a contract's
last day. The same keys are recorded through the GraphQL mutations by
devstack.demo.health.record_case.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

_STRICT = ConfigDict(extra="forbid", populate_by_name=True)
COVER = "^(CRITICAL_ILLNESS|MEDICAL_ASSISTANCE|PRECISION_POVERTY)$"
DISEASE = "^(HYPERTENSION|DIABETES|TUBERCULOSIS|SEVERE_MENTAL_DISORDER|OTHER)$"


class EnrolmentCase(BaseModel):
    model_config = _STRICT
    year: int = Field(ge=2000, le=2100)
    city: str = Field(default="350203", pattern=r"^\d{6}$")
    premium_fen: int = Field(ge=0)
    government_fen: int = Field(ge=0)
    enrolled: date
    covers: list[str] = []

    @model_validator(mode="after")
    def _valid(self) -> EnrolmentCase:
        import re

        if self.government_fen > self.premium_fen:
            raise ValueError("government_fen is at most premium_fen")
        if any(not re.match(COVER, c) for c in self.covers):
            raise ValueError(f"covers are among {COVER}")
        return self


class ContractCase(BaseModel):
    model_config = _STRICT
    clinic: str = "某社区卫生服务中心"
    signed: date
    ends: date | None = None
    fee_fen: int = Field(ge=0)
    subsidy_fen: int = Field(ge=0)
    chronic: list[str] = []

    @model_validator(mode="after")
    def _valid(self) -> ContractCase:
        import re

        if self.subsidy_fen > self.fee_fen:
            raise ValueError("subsidy_fen is at most fee_fen")
        if any(not re.match(DISEASE, d) for d in self.chronic):
            raise ValueError(f"chronic diseases are among {DISEASE}")
        return self


class SettlementCase(BaseModel):
    model_config = _STRICT
    settled: date
    total_fen: int = Field(ge=0)
    reimbursed_fen: int = Field(ge=0)


class AdmissionCase(BaseModel):
    model_config = _STRICT
    hospital: str = "某县医院"
    county: str = Field(default="350821", pattern=r"^\d{6}$")
    designated: bool = True
    admitted: date
    treat_first_pay_later: bool = False
    settlement: SettlementCase | None = None


class HealthCase(BaseModel):
    model_config = ConfigDict(extra="ignore")
    medical_insurance: list[EnrolmentCase] = []
    family_doctor: list[ContractCase] = []
    admissions: list[AdmissionCase] = []

    @classmethod
    def of(cls, facts: dict[str, Any]) -> HealthCase:
        return cls.model_validate(facts)


CASE_KEYS = frozenset(HealthCase.model_fields)
