"""Education's own keys in a rule-test case (tests/rules/clause-03-education.yaml,
clause-04-education.yaml, clause-05.yaml, clause-06.yaml), beside the shared ones (born,
sex, hukou, poverty, residence, permits, employment). The case person is the child or the
graduate:

    family:                       # a household where the case person is a CHILD
      region: "350821"            # the household's region (default)
      created: 2010-01-01         # the day the household was created (the head's joining)
      joined: 2013-09-01          # the child's joining (default: created)
      left: null                  # the first day the child is no longer a member
      parents:                    # the first is the HEAD, the others SPOUSE unless `relation`
        - born: 1985-01-01
          relation: HEAD          # HEAD, SPOUSE or PARENT (the head's parent)
          permits: [{city: "350200", issued: 2018-01-01, valid_until: 2023-01-01}]
          residence: [{region: "350203", from: 2018-01-01}]
          poverty: [{registered: 2016-05-01, lifted: null}]
          dibao: [{from: 2019-01-01, to: null}]
    enrolments:
      - {level: PRIMARY, grade: 1, school: 某小学, city: "350203", public: true,
         from: 2019-09-01, to: null, reason: null}
    aid: [{kind: TUITION_WAIVER, enrolment: 0, amount_fen: 200000, granted: 2019-09-10}]

`to` of an enrolment is its last day (with the `reason`, default GRADUATED, it ended); an
aid's `enrolment` is the index of the enrolment it is for. The case person's own dibao and
disability are social security's shared keys `assistance` (kind DIBAO) and `disability`,
read here as education's projections would hold them. Recorded through the gateway by
devstack.demo.education.record_case.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from servicekit.entitlements.cases import PermitCase, PovertyCase, ResidenceCase

_STRICT = ConfigDict(extra="forbid", populate_by_name=True)
_LOOSE = ConfigDict(extra="ignore", populate_by_name=True)
LEVELS = (
    "^(PRESCHOOL|PRIMARY|JUNIOR_SECONDARY|SENIOR_SECONDARY|VOCATIONAL|TECHNICAL_SCHOOL|HIGHER|POSTGRADUATE)$"
)


class DibaoCase(BaseModel):
    model_config = _STRICT
    started_on: date = Field(alias="from")
    ends_on: date | None = Field(default=None, alias="to")


class ParentCase(BaseModel):
    model_config = _STRICT
    born: date = date(1985, 1, 1)
    relation: str | None = Field(default=None, pattern="^(HEAD|SPOUSE|PARENT)$")
    joined: date | None = None
    left: date | None = None
    permits: list[PermitCase] = []
    residence: list[ResidenceCase] = []
    poverty: list[PovertyCase] = []
    dibao: list[DibaoCase] = []


class FamilyCase(BaseModel):
    model_config = _STRICT
    region: str = Field(default="350821", pattern=r"^\d{6}$")
    created: date = date(2010, 1, 1)
    joined: date | None = None
    left: date | None = None
    parents: list[ParentCase] = Field(min_length=1)

    @model_validator(mode="after")
    def _relations(self) -> FamilyCase:
        for i, parent in enumerate(self.parents):
            if parent.relation is None:
                parent.relation = "HEAD" if i == 0 else "SPOUSE"
            if parent.joined is None:
                parent.joined = self.created
        if self.parents[0].relation != "HEAD" or any(p.relation == "HEAD" for p in self.parents[1:]):
            raise ValueError("the first parent is the household's HEAD, and only the first")
        if self.joined is None:
            self.joined = self.created
        return self


class EnrolmentCase(BaseModel):
    model_config = _STRICT
    level: str = Field(pattern=LEVELS)
    grade: int | None = Field(default=None, ge=1, le=9)
    school: str = "示例学校"
    city: str = Field(default="350203", pattern=r"^\d{6}$")
    public: bool = True
    started_on: date = Field(alias="from")
    ended_on: date | None = Field(default=None, alias="to")
    reason: str | None = Field(default=None, pattern="^(GRADUATED|TRANSFERRED|LEFT)$")

    @model_validator(mode="after")
    def _defaults(self) -> EnrolmentCase:
        if self.ended_on is not None and self.reason is None:
            self.reason = "GRADUATED"
        return self


class AidCase(BaseModel):
    model_config = _STRICT
    kind: str = Field(pattern="^(TUITION_WAIVER|NATIONAL_GRANT|RAIN_AND_DEW|GRADUATE_JOB_SEEKING|OTHER)$")
    enrolment: int = Field(default=0, ge=0)
    amount_fen: int = Field(default=0, ge=0)
    granted: date


class SharedAssistance(BaseModel):
    """Social security's `assistance` key, as far as education reads it (dibao only)."""

    model_config = _LOOSE
    kind: str
    started_on: date = Field(alias="from")
    ends_on: date | None = Field(default=None, alias="to")
    ended: date | None = None


class SharedDisability(BaseModel):
    """Social security's `disability` key, as far as education reads it (the dates)."""

    model_config = _LOOSE
    certified: date
    revoked: date | None = None


class EducationCase(BaseModel):
    model_config = ConfigDict(extra="ignore")
    family: FamilyCase | None = None
    enrolments: list[EnrolmentCase] = []
    aid: list[AidCase] = []

    @classmethod
    def of(cls, facts: dict[str, Any]) -> EducationCase:
        case = cls.model_validate(facts)
        for a in case.aid:
            if a.enrolment >= len(case.enrolments):
                raise ValueError(f"aid names enrolment {a.enrolment}, and there are {len(case.enrolments)}")
        return case


class SharedCase(BaseModel):
    model_config = ConfigDict(extra="ignore")
    assistance: list[SharedAssistance] = []
    disability: list[SharedDisability] = []


CASE_KEYS = frozenset(EducationCase.model_fields)
