"""就业 Employment's demo records, loaded through the gateway after settlement registered
everyone (devstack.demo): employment records for most residents in the city where they live
(some in sanitation, public transport, metro and auxiliary police, which housing's clause 十二
targets), and for a few registered poor personas job-seeker registrations, subsidised
vocational training and a degree-upgrade enrolment — so that each of employment's
entitlements shows both a granted or eligible persona and a refused one.

`record_case` records a rule-test case's employment facts (tests/rules) through the same
mutations, for the end-to-end run of the rule tests: the shared `employment` key of every
case, whichever department's codes it tests, and employment's own `job_seeker` and
`training` keys.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING

from devstack.demo.gateway import Gateway
from devstack.demo.personas import Resident

if TYPE_CHECKING:
    from servicekit.entitlements.cases import Case

RECORD = """mutation Work($input: RecordEmploymentInput!) { recordEmployment(input: $input) { id } }"""
END = """mutation EndWork($input: EndEmploymentInput!) { endEmployment(input: $input) { id } }"""
SEEK = """mutation Seek($input: RegisterJobSeekerInput!) { registerJobSeeker(input: $input) { id } }"""
CLOSE = """mutation Close($input: CloseJobSeekerRegistrationInput!) {
  closeJobSeekerRegistration(input: $input) { id } }"""
ENROL = """mutation Train($input: EnrolTrainingInput!) { enrolTraining(input: $input) { id } }"""
COMPLETE = """mutation Done($input: CompleteTrainingInput!) { completeTraining(input: $input) { id } }"""

# Employers by industry; the first four are the groups clause 十二 targets with housing.
EMPLOYERS = [
    ("SANITATION", "市环境卫生服务中心"),
    ("PUBLIC_TRANSPORT", "市公交集团有限公司"),
    ("METRO", "市地铁运营有限公司"),
    ("AUXILIARY_POLICE", "市公安局（协警）"),
    ("CONSTRUCTION", "某建设工程有限公司"),
    ("MANUFACTURING", "某鞋服制造有限公司"),
    ("SERVICES", "某物业服务有限公司"),
]
TRAINING_STARTED = date(2026, 9, 1)  # ongoing courses: granted "as of today"


def record_employment(
    gateway: Gateway,
    person_id: str,
    employer: str,
    industry: str,
    city_code: str,
    started_on: date,
    ended_on: date | None = None,
) -> str:
    employment: str = gateway(
        RECORD,
        {
            "input": {
                "personId": person_id,
                "employer": employer,
                "industry": industry,
                "cityCode": city_code,
                "startedOn": started_on.isoformat(),
            }
        },
    )["recordEmployment"]["id"]
    if ended_on is not None:
        gateway(END, {"input": {"employmentId": employment, "endedOn": ended_on.isoformat()}})
    return employment


def register_job_seeker(
    gateway: Gateway, person_id: str, city_code: str, registered_on: date, closed_on: date | None = None
) -> None:
    registration = gateway(
        SEEK,
        {"input": {"personId": person_id, "cityCode": city_code, "registeredOn": registered_on.isoformat()}},
    )["registerJobSeeker"]["id"]
    if closed_on is not None:
        gateway(CLOSE, {"input": {"registrationId": registration, "closedOn": closed_on.isoformat()}})


def enrol_training(
    gateway: Gateway,
    person_id: str,
    course: str,
    kind: str,
    city_code: str,
    started_on: date,
    subsidy_fen: int,
    completed_on: date | None = None,
) -> None:
    training = gateway(
        ENROL,
        {
            "input": {
                "personId": person_id,
                "course": course,
                "kind": kind,
                "cityCode": city_code,
                "startedOn": started_on.isoformat(),
                "subsidyFen": subsidy_fen,
            }
        },
    )["enrolTraining"]["id"]
    if completed_on is not None:
        gateway(COMPLETE, {"input": {"trainingId": training, "completedOn": completed_on.isoformat()}})


def record_case(gateway: Gateway, person_id: str, case: Case) -> None:
    """Record a rule-test case's employment facts through the gateway: the shared
    `employment` key and employment's `job_seeker` and `training` keys
    (employment.entitlements.cases). The person is registered at settlement already."""
    from employment.entitlements.cases import EmploymentCase  # the department's case format

    for e in case.person.employment:
        record_employment(gateway, person_id, e.employer, e.industry, e.region, e.started_on, e.ended_on)
    own = EmploymentCase.of(case.facts)
    for r in own.job_seeker:
        register_job_seeker(gateway, person_id, r.region, r.registered_on, r.closed_on)
    for t in own.training:
        enrol_training(
            gateway, person_id, t.course, t.kind, t.region, t.started_on, t.subsidy_fen, t.completed_on
        )


def load(gateway: Gateway, residents: Sequence[Resident]) -> None:
    # Most residents work where they live, from the day they moved; every fifth such job ended.
    for i, r in enumerate(residents):
        if i % 3 == 2:
            continue
        industry, employer = EMPLOYERS[i % len(EMPLOYERS)]
        p = r.person
        ended = p.moved_on + timedelta(days=730) if i % 5 == 4 else None
        record_employment(gateway, r.id, employer, industry, p.city, p.moved_on, ended)
    # Clauses 三 and 四 for the registered poor personas still registered, by position:
    # 0 and 1 registered as job seekers; 0 in subsidised vocational training; 2 in training
    # without a subsidy. The others keep none (eligible); the non-poor are refused. The first
    # rural resident with a job is in a degree-upgrade programme; urban residents and those
    # without a job are refused it.
    poor = [r for r in residents if r.person.poverty_registered_on and not r.person.poverty_lifted_on]
    working = [r for i, r in enumerate(residents) if i % 3 != 2]
    for r in poor[:2]:
        register_job_seeker(gateway, r.id, r.person.city, max(r.person.moved_on, date(2019, 6, 1)))
    if poor:
        enrol_training(
            gateway,
            poor[0].id,
            "家政服务员（中级）",
            "VOCATIONAL",
            poor[0].person.city,
            TRAINING_STARTED,
            150000,
        )
    if len(poor) > 2:
        enrol_training(
            gateway, poor[2].id, "电工（初级）", "VOCATIONAL", poor[2].person.city, TRAINING_STARTED, 0
        )
    rural_workers = [r for r in working if r.person.rural]
    for r in rural_workers[:1]:
        enrol_training(
            gateway, r.id, "开放大学行政管理（专科）", "DEGREE_UPGRADE", r.person.city, TRAINING_STARTED, 0
        )
