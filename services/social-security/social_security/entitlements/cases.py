"""Social security's own keys in a rule-test case (tests/rules/clause-09/10/11.yaml),
beside the shared ones (born, sex, hukou, poverty, residence, permits):

    insurance:  [{scheme: UNEMPLOYMENT, from: 2018-01-01, to: 2019-09-30, reason: JOB_LOST,
                  employer: 某公司, worker_contributes: true}]
    injuries:   [{recognized: 2019-08-01}]   # under the WORK_INJURY enrolment started before it
    assistance: [{kind: DIBAO, from: 2019-01-01, to: null, ended: null, amount_fen: 70000,
                  period: MONTHLY}]
    disability: [{category: PHYSICAL, grade: 2, certified: 2015-01-01, revoked: null}]

`to` of an enrolment is its last day of cover (with the `reason` it ended); `to` of an
assistance grant is its planned last day and `ended` the day it was ended early; a
disability's `revoked` is the first day it no longer holds. The same keys are recorded
through the GraphQL mutations by devstack.demo.social_security.record_case.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

_STRICT = ConfigDict(extra="forbid", populate_by_name=True)
DEFAULT_EMPLOYER = "示例建设有限公司"


class InsuranceCase(BaseModel):
    model_config = _STRICT
    scheme: str = Field(pattern="^(RESIDENT_PENSION|EMPLOYEE_PENSION|UNEMPLOYMENT|WORK_INJURY)$")
    started_on: date = Field(alias="from")
    ended_on: date | None = Field(default=None, alias="to")
    reason: str | None = Field(default=None, pattern="^(JOB_LOST|LEFT|OTHER)$")
    employer: str | None = None
    project: str | None = None
    worker_contributes: bool = False
    government_pays: bool = False

    @model_validator(mode="after")
    def _defaults(self) -> InsuranceCase:
        if self.ended_on is not None and self.reason is None:
            self.reason = "OTHER"
        if self.employer is None and self.scheme in {"EMPLOYEE_PENSION", "UNEMPLOYMENT"}:
            self.employer = DEFAULT_EMPLOYER
        return self


class InjuryCase(BaseModel):
    model_config = _STRICT
    recognized: date


class AssistanceCase(BaseModel):
    model_config = _STRICT
    kind: str = Field(pattern="^(DIBAO|TEMPORARY|SPECIAL_HARDSHIP)$")
    started_on: date = Field(alias="from")
    ends_on: date | None = Field(default=None, alias="to")
    ended: date | None = None
    amount_fen: int = Field(ge=0)
    period: str = Field(default="MONTHLY", pattern="^(MONTHLY|ONE_TIME)$")


class DisabilityCase(BaseModel):
    model_config = _STRICT
    category: str = "PHYSICAL"
    grade: int = Field(ge=1, le=4)
    certified: date
    revoked: date | None = None


class SocialSecurityCase(BaseModel):
    model_config = ConfigDict(extra="ignore")
    insurance: list[InsuranceCase] = []
    injuries: list[InjuryCase] = []
    assistance: list[AssistanceCase] = []
    disability: list[DisabilityCase] = []

    @classmethod
    def of(cls, facts: dict[str, Any]) -> SocialSecurityCase:
        return cls.model_validate(facts)

    def injury_enrolment(self, injury: InjuryCase) -> int | None:
        """The index of the WORK_INJURY enrolment an injury is recognised under: the latest
        one started on or before the recognition."""
        found = [
            i
            for i, e in enumerate(self.insurance)
            if e.scheme == "WORK_INJURY" and e.started_on <= injury.recognized
        ]
        return max(found, key=lambda i: self.insurance[i].started_on) if found else None


CASE_KEYS = frozenset(SocialSecurityCase.model_fields)
