"""Social security's demo records: poverty registrations (some lifted), and for a few
registered poor personas the records of clauses 九–十一 — insurance enrolments, a work
injury, dibao and temporary assistance, a disability — chosen so that each entitlement
shows both a granted or eligible persona and a refused one.

`record_case` records a rule-test case's social security facts (tests/rules) through the
same mutations, for the end-to-end run of the rule tests.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from devstack.demo.gateway import Gateway
from devstack.demo.personas import Resident

if TYPE_CHECKING:
    from servicekit.entitlements.cases import Case

POOR = """mutation Poor($input: RegisterPovertyInput!) { registerPoverty(input: $input) { id } }"""
LIFT = """mutation Lift($input: LiftPovertyInput!) { liftPoverty(input: $input) { id } }"""
ENROL = """mutation Enrol($input: EnrolInsuranceInput!) { enrolInsurance(input: $input) { id } }"""
END_INSURANCE = """mutation EndIns($input: EndInsuranceInput!) { endInsurance(input: $input) { id } }"""
INJURY = (
    """mutation Injury($input: RecognizeWorkInjuryInput!) { recognizeWorkInjury(input: $input) { id } }"""
)
GRANT = """mutation Grant($input: GrantAssistanceInput!) { grantAssistance(input: $input) { id } }"""
END_ASSISTANCE = """mutation EndAid($input: EndAssistanceInput!) { endAssistance(input: $input) { id } }"""
DISABILITY = (
    """mutation Disability($input: RecordDisabilityInput!) { recordDisability(input: $input) { id } }"""
)
REVOKE = """mutation Revoke($input: RevokeDisabilityInput!) { revokeDisability(input: $input) { id } }"""


def _day(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def enrol(
    gateway: Gateway,
    person_id: str,
    scheme: str,
    started_on: date,
    *,
    ended_on: date | None = None,
    reason: str | None = None,
    employer: str | None = None,
    project: str | None = None,
    worker_contributes: bool = False,
    government_pays: bool = False,
) -> str:
    enrolment: str = gateway(
        ENROL,
        {
            "input": {
                "personId": person_id,
                "scheme": scheme,
                "startedOn": started_on.isoformat(),
                "employer": employer,
                "project": project,
                "workerContributes": worker_contributes,
                "premiumPaidByGovernment": government_pays,
            }
        },
    )["enrolInsurance"]["id"]
    if ended_on is not None:
        gateway(
            END_INSURANCE,
            {
                "input": {
                    "enrolmentId": enrolment,
                    "endedOn": ended_on.isoformat(),
                    "reason": reason or "OTHER",
                }
            },
        )
    return enrolment


def grant(
    gateway: Gateway,
    person_id: str,
    kind: str,
    started_on: date,
    amount_fen: int,
    period: str,
    *,
    ends_on: date | None = None,
    ended: date | None = None,
) -> str:
    assistance: str = gateway(
        GRANT,
        {
            "input": {
                "personId": person_id,
                "kind": kind,
                "startedOn": started_on.isoformat(),
                "endsOn": _day(ends_on),
                "amountFen": amount_fen,
                "period": period,
            }
        },
    )["grantAssistance"]["id"]
    if ended is not None:
        gateway(END_ASSISTANCE, {"input": {"assistanceId": assistance, "endedOn": ended.isoformat()}})
    return assistance


def disability(
    gateway: Gateway, person_id: str, category: str, grade: int, certified: date, revoked: date | None = None
) -> None:
    recorded = gateway(
        DISABILITY,
        {
            "input": {
                "personId": person_id,
                "category": category,
                "grade": grade,
                "certifiedOn": certified.isoformat(),
            }
        },
    )["recordDisability"]["id"]
    if revoked is not None:
        gateway(REVOKE, {"input": {"disabilityId": recorded, "revokedOn": revoked.isoformat()}})


def record_case(gateway: Gateway, person_id: str, case: Case) -> None:
    """Record a rule-test case's social security facts through the gateway: its poverty
    registrations and its `insurance`, `injuries`, `assistance` and `disability` keys
    (social_security.entitlements.cases). The person is registered at settlement already."""
    from social_security.entitlements.cases import SocialSecurityCase  # the department's case format

    for p in case.person.poverty:
        gateway(
            POOR,
            {
                "input": {
                    "personId": person_id,
                    "householdNumber": p.household,
                    "registeredOn": p.registered.isoformat(),
                }
            },
        )
        if p.lifted is not None:
            gateway(LIFT, {"input": {"personId": person_id, "liftedOn": p.lifted.isoformat()}})
    own = SocialSecurityCase.of(case.facts)
    enrolments: list[str] = []
    for e in own.insurance:
        enrolments.append(
            enrol(
                gateway,
                person_id,
                e.scheme,
                e.started_on,
                ended_on=e.ended_on,
                reason=e.reason,
                employer=e.employer,
                project=e.project,
                worker_contributes=e.worker_contributes,
                government_pays=e.government_pays,
            )
        )
    for injury in own.injuries:
        under = own.injury_enrolment(injury)
        if under is None:
            raise ValueError(f"case {case.name!r}: an injury needs a WORK_INJURY enrolment before it")
        gateway(
            INJURY,
            {
                "input": {
                    "personId": person_id,
                    "recognizedOn": injury.recognized.isoformat(),
                    "enrolmentId": enrolments[under],
                }
            },
        )
    for a in own.assistance:
        grant(
            gateway, person_id, a.kind, a.started_on, a.amount_fen, a.period, ends_on=a.ends_on, ended=a.ended
        )
    for d in own.disability:
        disability(gateway, person_id, d.category, d.grade, d.certified, d.revoked)


def _clause_records(gateway: Gateway, poor: Sequence[Resident]) -> None:
    """Clauses 九–十一 for the first registered poor personas still registered, by position:
    0 paid resident pension and dibao; 1 employees' pension, work-injury cover and a
    recognised injury; 2 lost a job having paid the unemployment premium; 3 lost a job
    without paying it, and a temporary assistance; 4 a disability; 5 a dibao that ended
    and a revoked disability. The others keep no such records (refusals)."""
    ids = [r.id for r in poor]
    if len(ids) > 0:
        enrol(gateway, ids[0], "RESIDENT_PENSION", date(2019, 1, 1), government_pays=True)
        grant(gateway, ids[0], "DIBAO", date(2019, 7, 1), 70000, "MONTHLY")
    if len(ids) > 1:
        enrol(gateway, ids[1], "EMPLOYEE_PENSION", date(2018, 3, 1), employer="福州某建设集团")
        cover = enrol(gateway, ids[1], "WORK_INJURY", date(2019, 6, 1), project="福州地铁6号线土建3标")
        gateway(INJURY, {"input": {"personId": ids[1], "recognizedOn": "2020-05-20", "enrolmentId": cover}})
    if len(ids) > 2:
        enrol(
            gateway,
            ids[2],
            "UNEMPLOYMENT",
            date(2018, 1, 1),
            ended_on=date(2021, 6, 30),
            reason="JOB_LOST",
            employer="厦门某物业公司",
            worker_contributes=True,
        )
    if len(ids) > 3:
        enrol(
            gateway,
            ids[3],
            "UNEMPLOYMENT",
            date(2018, 1, 1),
            ended_on=date(2021, 6, 30),
            reason="JOB_LOST",
            employer="泉州某鞋业公司",
        )
        grant(gateway, ids[3], "TEMPORARY", date(2021, 7, 15), 200000, "ONE_TIME", ends_on=date(2021, 7, 15))
    if len(ids) > 4:
        disability(gateway, ids[4], "PHYSICAL", 2, date(2012, 4, 1))
    if len(ids) > 5:
        grant(gateway, ids[5], "DIBAO", date(2019, 7, 1), 65000, "MONTHLY", ended=date(2020, 12, 31))
        disability(gateway, ids[5], "HEARING", 3, date(2015, 1, 1), revoked=date(2021, 1, 1))


def load(gateway: Gateway, residents: Sequence[Resident]) -> None:
    for r in residents:
        p = r.person
        if p.poverty_registered_on and p.household_number:
            gateway(
                POOR,
                {
                    "input": {
                        "personId": r.id,
                        "householdNumber": p.household_number,
                        "registeredOn": p.poverty_registered_on.isoformat(),
                    }
                },
            )
            if p.poverty_lifted_on:
                gateway(LIFT, {"input": {"personId": r.id, "liftedOn": p.poverty_lifted_on.isoformat()}})
    still_poor = [r for r in residents if r.person.poverty_registered_on and not r.person.poverty_lifted_on]
    _clause_records(gateway, still_poor)
