"""Education's demo records, loaded through the gateway after settlement and social security
(devstack.demo): children registered at settlement in households headed by demo residents,
so that each of education's entitlements shows a granted or eligible persona — and the
residents themselves, with no enrolments, the refusals:

- a child living in the city of a parent's valid residence permit, enrolled in a public
  primary school there (compulsory schooling GRANTED), and a younger sibling not yet enrolled
  (ELIGIBLE, or UNDER_SCHOOL_AGE);
- a child of a registered poor resident at junior secondary school with aid granted (student
  aid GRANTED), and one at a technical school (technical-school waiver and Rain-and-Dew
  ELIGIBLE);
- a registered poor resident who graduated from university this year (the graduates'
  job-seeking subsidy ELIGIBLE).

`record_case` records a rule-test case's education facts (tests/rules) through the same
mutations — the case person's parents and household at settlement, their poverty and dibao
at social security, the enrolments and aid here — for the end-to-end run of the rule tests.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING

from devstack.demo.gateway import Gateway
from devstack.demo.personas import Resident
from devstack.ids import id_number_for

if TYPE_CHECKING:
    from servicekit.entitlements.cases import Case

ENROL = """mutation Enrol($input: EnrolStudentInput!) { enrolStudent(input: $input) { id } }"""
END = """mutation End($input: EndEnrolmentInput!) { endEnrolment(input: $input) { id } }"""
AID = """mutation Aid($input: GrantStudentAidInput!) { grantStudentAid(input: $input) { id } }"""
FIND = "query Find($n: String!) { personByIdNumber(idNumber: $n) { id } }"
REGISTER = """mutation Register($input: RegisterPersonInput!) { registerPerson(input: $input) { id } }"""
HOUSEHOLD = """mutation H($input: CreateHouseholdInput!) { createHousehold(input: $input) { id } }"""
MEMBER = """mutation M($input: AddHouseholdMemberInput!) { addHouseholdMember(input: $input) { id } }"""
LEAVE = """mutation X($input: RemoveHouseholdMemberInput!) { removeHouseholdMember(input: $input) { id } }"""
PERIOD = """mutation Period($input: RecordResidencePeriodInput!) {
  recordResidencePeriod(input: $input) { id } }"""
PERMIT = """mutation Permit($input: IssueResidencePermitInput!) {
  issueResidencePermit(input: $input) { id } }"""
REVOKE = """mutation R($input: RevokeResidencePermitInput!) { revokeResidencePermit(input: $input) { id } }"""
POOR = """mutation Poor($input: RegisterPovertyInput!) { registerPoverty(input: $input) { id } }"""
LIFT = """mutation Lift($input: LiftPovertyInput!) { liftPoverty(input: $input) { id } }"""
GRANT = """mutation Grant($input: GrantAssistanceInput!) { grantAssistance(input: $input) { id } }"""


def _day(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def register_person(gateway: Gateway, born: date, sex: str, name: str, salt: int) -> str:
    """Register a person born on `born` with an ID number nobody holds yet."""
    for attempt in range(300):
        number = id_number_for(born, sex, 500 + salt * 17 + attempt * 7)
        if not gateway(FIND, {"n": number})["personByIdNumber"]:
            data = gateway(
                REGISTER,
                {"input": {"name": name, "idNumber": number, "sex": sex, "birthDate": born.isoformat()}},
            )
            person: str = data["registerPerson"]["id"]
            return person
    raise RuntimeError(f"no free ID number for a person born {born.isoformat()}")


def enrol(
    gateway: Gateway,
    person_id: str,
    level: str,
    started_on: date,
    *,
    grade: int | None = None,
    school: str = "示例学校",
    city: str = "350203",
    public: bool = True,
    ended_on: date | None = None,
    reason: str | None = None,
) -> str:
    enrolment: str = gateway(
        ENROL,
        {
            "input": {
                "personId": person_id,
                "level": level,
                "grade": grade,
                "school": school,
                "cityCode": city,
                "publicSchool": public,
                "startedOn": started_on.isoformat(),
            }
        },
    )["enrolStudent"]["id"]
    if ended_on is not None:
        gateway(
            END,
            {
                "input": {
                    "enrolmentId": enrolment,
                    "endedOn": ended_on.isoformat(),
                    "reason": reason or "GRADUATED",
                }
            },
        )
    return enrolment


def grant_aid(
    gateway: Gateway, person_id: str, enrolment: str, kind: str, amount_fen: int, day: date
) -> None:
    gateway(
        AID,
        {
            "input": {
                "personId": person_id,
                "enrolmentId": enrolment,
                "kind": kind,
                "amountFen": amount_fen,
                "grantedOn": day.isoformat(),
            }
        },
    )


def _household(gateway: Gateway, head: str, region: str, created: date) -> str:
    household: str = gateway(
        HOUSEHOLD, {"input": {"headPersonId": head, "regionCode": region, "createdOn": created.isoformat()}}
    )["createHousehold"]["id"]
    return household


def _join(
    gateway: Gateway, household: str, person: str, relation: str, joined: date, left: date | None
) -> None:
    gateway(
        MEMBER,
        {
            "input": {
                "householdId": household,
                "personId": person,
                "relation": relation,
                "joinedOn": joined.isoformat(),
            }
        },
    )
    if left is not None:
        gateway(LEAVE, {"input": {"householdId": household, "personId": person, "leftOn": left.isoformat()}})


# --- demo personas -----------------------------------------------------------------------


def _permit_valid(resident: Resident, today: date) -> bool:
    issued = resident.person.permit_issued_on
    return issued is not None and issued <= today <= issued + timedelta(days=5 * 365)


def _still_poor(resident: Resident) -> bool:
    p = resident.person
    return p.poverty_registered_on is not None and p.poverty_lifted_on is None


def load(gateway: Gateway, residents: Sequence[Resident]) -> None:
    today = date.today()
    # Not the first eight: settlement's demo puts them in households already.
    free = list(residents[8:])
    with_permit = next((r for r in free if _permit_valid(r, today)), None)
    poor = [r for r in free if _still_poor(r) and r is not with_permit]
    if with_permit is not None:
        p = with_permit.person
        household = _household(gateway, with_permit.id, p.hukou_region, p.moved_on)
        for n, (born, enrolled) in enumerate(
            [(today - timedelta(days=365 * 9), True), (today - timedelta(days=1900), False)]
        ):
            child = register_person(gateway, born, "MALE" if n else "FEMALE", "林小随" if n else "林小迁", n)
            _join(gateway, household, child, "CHILD", max(born, p.moved_on), None)
            gateway(
                PERIOD,
                {
                    "input": {
                        "personId": child,
                        "cityCode": p.city,
                        "startedOn": max(born, p.moved_on).isoformat(),
                    }
                },
            )
            if enrolled:
                start = date(today.year - 1 if today.month < 9 else today.year, 9, 1)
                enrol(gateway, child, "PRIMARY", start, grade=3, school="实验小学", city=p.city, public=True)
    if poor:
        parent = poor[0]
        p = parent.person
        pupil_born = today - timedelta(days=365 * 14)
        apprentice_born = today - timedelta(days=365 * 17)
        created = min(p.hukou_recorded_on + timedelta(days=365 * 18), apprentice_born)
        household = _household(gateway, parent.id, p.hukou_region, created)
        start = date(today.year - 1 if today.month < 9 else today.year, 9, 1)
        pupil = register_person(gateway, pupil_born, "MALE", "陈小助", 3)
        _join(gateway, household, pupil, "CHILD", max(pupil_born, created), None)
        enrolment = enrol(gateway, pupil, "JUNIOR_SECONDARY", start, grade=8, school="第一中学", city=p.city)
        grant_aid(gateway, pupil, enrolment, "OTHER", 100000, min(start + timedelta(days=20), today))
        apprentice = register_person(gateway, apprentice_born, "FEMALE", "陈小技", 4)
        _join(gateway, household, apprentice, "CHILD", max(apprentice_born, created), None)
        enrol(gateway, apprentice, "TECHNICAL_SCHOOL", start, school="技师学院", city=p.city)
    if len(poor) > 1:
        graduate = poor[1]
        graduated = max(date(today.year, 1, 1), today - timedelta(days=30))
        enrol(
            gateway,
            graduate.id,
            "HIGHER",
            graduated - timedelta(days=365 * 4),
            school="福建师范大学",
            city="350100",
            ended_on=graduated,
            reason="GRADUATED",
        )


# --- the end-to-end rule tests' hook (tests/rules/*.yaml through the gateway) -----------------


def record_case(gateway: Gateway, person_id: str, case: Case) -> None:
    """Record education's facts of a case through the gateway: the case person's parents and
    household (settlement), the parents' poverty and dibao (social security), and the case
    person's enrolments, graduations and aid (education)."""
    from education.entitlements.cases import EducationCase

    own = EducationCase.of(case.facts)
    if own.family is not None:
        f = own.family
        parents: list[str] = []
        for i, parent in enumerate(f.parents):
            pid = register_person(gateway, parent.born, "FEMALE" if i == 0 else "MALE", "测试家长", i)
            parents.append(pid)
            for permit in parent.permits:
                permit_id = gateway(
                    PERMIT,
                    {
                        "input": {
                            "personId": pid,
                            "cityCode": permit.city,
                            "issuedOn": permit.issued.isoformat(),
                            "validUntil": permit.valid_until.isoformat(),
                        }
                    },
                )["issueResidencePermit"]["id"]
                if permit.revoked is not None:
                    gateway(
                        REVOKE,
                        {
                            "input": {
                                "permitId": permit_id,
                                "revokedOn": permit.revoked.isoformat(),
                                "reason": "测试注销",
                            }
                        },
                    )
            for r in parent.residence:
                gateway(
                    PERIOD,
                    {
                        "input": {
                            "personId": pid,
                            "cityCode": r.region,
                            "startedOn": r.started_on.isoformat(),
                            "endedOn": _day(r.ended_on),
                        }
                    },
                )
            for reg in parent.poverty:
                gateway(
                    POOR,
                    {
                        "input": {
                            "personId": pid,
                            "householdNumber": reg.household,
                            "registeredOn": reg.registered.isoformat(),
                        }
                    },
                )
                if reg.lifted is not None:
                    gateway(LIFT, {"input": {"personId": pid, "liftedOn": reg.lifted.isoformat()}})
            for d in parent.dibao:
                gateway(
                    GRANT,
                    {
                        "input": {
                            "personId": pid,
                            "kind": "DIBAO",
                            "startedOn": d.started_on.isoformat(),
                            "endsOn": _day(d.ends_on),
                            "amountFen": 70000,
                            "period": "MONTHLY",
                        }
                    },
                )
        household = _household(gateway, parents[0], f.region, f.created)
        for parent, pid in list(zip(f.parents, parents, strict=True))[1:]:
            assert parent.relation is not None and parent.joined is not None
            _join(gateway, household, pid, parent.relation, parent.joined, parent.left)
        assert f.joined is not None
        _join(gateway, household, person_id, "CHILD", f.joined, f.left)
    enrolments: list[str] = []
    for e in own.enrolments:
        enrolments.append(
            enrol(
                gateway,
                person_id,
                e.level,
                e.started_on,
                grade=e.grade,
                school=e.school,
                city=e.city,
                public=e.public,
                ended_on=e.ended_on,
                reason=e.reason,
            )
        )
    for a in own.aid:
        grant_aid(gateway, person_id, enrolments[a.enrolment], a.kind, a.amount_fen, a.granted)
