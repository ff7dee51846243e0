"""就业 Employment's own keys in a rule-test case (tests/rules/clause-03.yaml, clause-04.yaml),
beside the shared ones (born, sex, hukou, poverty, residence, permits, employment — the last
recorded by employment too, through recordEmployment/endEmployment):

    job_seeker: [{region: "350203", from: 2019-06-01, to: null}]
    training:   [{course: 电工, kind: VOCATIONAL, region: "350203", from: 2019-07-01,
                  to: 2019-09-30, subsidy_fen: 150000}]

A job-seeker registration's `to` is its last open day (closeJobSeekerRegistration); a
training's `to` is its last day (completeTraining). The same keys are recorded through the
GraphQL mutations by devstack.demo.employment.record_case.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

_STRICT = ConfigDict(extra="forbid", populate_by_name=True)


class JobSeekerCase(BaseModel):
    model_config = _STRICT
    region: str = Field(pattern=r"^\d{6}$")
    registered_on: date = Field(alias="from")
    closed_on: date | None = Field(default=None, alias="to")


class TrainingCase(BaseModel):
    model_config = _STRICT
    course: str = "职业技能培训"
    kind: str = Field(default="VOCATIONAL", pattern="^(VOCATIONAL|DEGREE_UPGRADE)$")
    region: str = Field(pattern=r"^\d{6}$")
    started_on: date = Field(alias="from")
    completed_on: date | None = Field(default=None, alias="to")
    subsidy_fen: int = Field(default=0, ge=0)


class EmploymentCase(BaseModel):
    model_config = ConfigDict(extra="ignore")
    job_seeker: list[JobSeekerCase] = []
    training: list[TrainingCase] = []

    @classmethod
    def of(cls, facts: dict[str, Any]) -> EmploymentCase:
        return cls.model_validate(facts)


CASE_KEYS = frozenset(EmploymentCase.model_fields)
