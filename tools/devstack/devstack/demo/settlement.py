"""Settlement's demo records: each resident's hukou, residence period and permit."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from devstack.demo.gateway import Gateway
from devstack.demo.personas import Resident
from devstack.ids import id_number_for
from servicekit.entitlements.cases import Case, ResidenceCase

HUKOU = """mutation Hukou($input: RecordHukouInput!) { recordHukou(input: $input) { id } }"""
PERIOD = """mutation Period($input: RecordResidencePeriodInput!) {
  recordResidencePeriod(input: $input) { id } }"""
PERMIT = """mutation Permit($input: IssueResidencePermitInput!) {
  issueResidencePermit(input: $input) { id } }"""


def load(gateway: Gateway, residents: Sequence[Resident]) -> None:
    for r in residents:
        p = r.person
        gateway(
            HUKOU,
            {
                "input": {
                    "personId": r.id,
                    "type": "RURAL" if p.rural else "URBAN",
                    "regionCode": p.hukou_region,
                    "recordedOn": p.hukou_recorded_on.isoformat(),
                }
            },
        )
        gateway(
            PERIOD, {"input": {"personId": r.id, "cityCode": p.city, "startedOn": p.moved_on.isoformat()}}
        )
        if p.permit_issued_on:
            gateway(
                PERMIT,
                {
                    "input": {
                        "personId": r.id,
                        "cityCode": p.city,
                        "issuedOn": p.permit_issued_on.isoformat(),
                        "validUntil": (p.permit_issued_on + timedelta(days=5 * 365)).isoformat(),
                    }
                },
            )
    load_households_and_settlement(gateway, residents)


# --- households and settling (clauses 十四, 十六) ---------------------------------------------

CREATE_HOUSEHOLD = """mutation H($input: CreateHouseholdInput!) { createHousehold(input: $input) { id } }"""
ADD_MEMBER = """mutation M($input: AddHouseholdMemberInput!) { addHouseholdMember(input: $input) { id } }"""
REMOVE_MEMBER = """mutation X($input: RemoveHouseholdMemberInput!) {
  removeHouseholdMember(input: $input) { id } }"""
APPLY = """mutation A($input: ApplyForSettlementInput!) { applyForSettlement(input: $input) { id } }"""
DECIDE = """mutation D($input: DecideSettlementInput!) { decideSettlement(input: $input) { id } }"""
REVOKE = """mutation R($input: RevokeResidencePermitInput!) { revokeResidencePermit(input: $input) { id } }"""
FIND = "query Find($n: String!) { personByIdNumber(idNumber: $n) { id } }"
REGISTER = """mutation Register($input: RegisterPersonInput!) { registerPerson(input: $input) { id } }"""
RIGHTS = {"landContract": True, "homestead": True, "collectiveIncome": True}


def _settle(
    gateway: Gateway,
    person_id: str,
    region: str,
    applied: date,
    decided: date | None,
    outcome: str | None,
    reason: str | None = None,
    rights: dict[str, bool] | None = None,
) -> None:
    application = gateway(
        APPLY,
        {
            "input": {
                "personId": person_id,
                "regionCode": region,
                "appliedOn": applied.isoformat(),
                "ruralRights": rights or RIGHTS,
            }
        },
    )["applyForSettlement"]["id"]
    if decided is not None and outcome is not None:
        gateway(
            DECIDE,
            {
                "input": {
                    "applicationId": application,
                    "outcome": outcome,
                    "decidedOn": decided.isoformat(),
                    "reason": reason,
                }
            },
        )


def load_households_and_settlement(gateway: Gateway, residents: Sequence[Resident]) -> None:
    """Households of two residents each (the second as the head's spouse), and three rural
    residents who applied to settle where they live: one approved (priority settlement
    GRANTED, rural rights kept), one refused, one pending."""
    pairs = list(zip(residents[0:8:2], residents[1:8:2], strict=False))
    for head, spouse in pairs:
        created = min(head.person.hukou_recorded_on, spouse.person.hukou_recorded_on) + timedelta(
            days=365 * 20
        )
        created = min(created, date(2015, 1, 1))
        household = gateway(
            CREATE_HOUSEHOLD,
            {
                "input": {
                    "headPersonId": head.id,
                    "regionCode": head.person.hukou_region,
                    "createdOn": created.isoformat(),
                }
            },
        )["createHousehold"]["id"]
        gateway(
            ADD_MEMBER,
            {
                "input": {
                    "householdId": household,
                    "personId": spouse.id,
                    "relation": "SPOUSE",
                    "joinedOn": created.isoformat(),
                }
            },
        )
    today = date.today()
    # Not the registered poor who are still poor: social security's demo gives them the
    # records of clauses 九–十一, which need a rural hukou, and settling makes it urban.
    settlers = [
        r
        for r in residents[8:]
        if r.person.rural
        and r.person.moved_on + timedelta(days=400) < today
        and not (r.person.poverty_registered_on and not r.person.poverty_lifted_on)
    ]
    for resident, outcome in zip(settlers, ["APPROVED", "REFUSED", None], strict=False):
        p = resident.person
        applied = p.moved_on + timedelta(days=370)
        decided = applied + timedelta(days=30) if outcome else None
        if decided is not None and decided > today:
            decided = today
        _settle(
            gateway,
            resident.id,
            p.city,
            applied,
            decided,
            outcome,
            reason="连续居住证明材料不全" if outcome == "REFUSED" else None,
        )


# --- the end-to-end rule tests' hook (tests/rules/*.yaml through the gateway) -----------------


def register_case_person(gateway: Gateway, case: Case, id_number: str) -> str:
    """Register a rule-test case's person (birth date and sex as the case says, which
    `id_number` must match) and return the person's id."""
    person = case.person
    data = gateway(
        REGISTER,
        {
            "input": {
                "name": "测试" + case.name[:20],
                "idNumber": id_number,
                "sex": person.sex,
                "birthDate": person.born.isoformat(),
            }
        },
    )
    person_id: str = data["registerPerson"]["id"]
    return person_id


def _register_member(gateway: Gateway, born: date, n: int) -> str:
    """A household member of a case, with an ID number not registered yet."""
    for attempt in range(200):
        number = id_number_for(born, "FEMALE", n * 7 + attempt * 13 + 1)
        if not gateway(FIND, {"n": number})["personByIdNumber"]:
            created = gateway(REGISTER, {"input": {"name": "测试家庭成员", "idNumber": number}})
            member_id: str = created["registerPerson"]["id"]
            return member_id
    raise RuntimeError(f"no free ID number for a member born {born.isoformat()}")


def _record_periods(gateway: Gateway, person_id: str, residence: Sequence[ResidenceCase]) -> None:
    for r in residence:
        gateway(
            PERIOD,
            {
                "input": {
                    "personId": person_id,
                    "cityCode": r.region,
                    "startedOn": r.started_on.isoformat(),
                    "endedOn": None if r.ended_on is None else r.ended_on.isoformat(),
                }
            },
        )


def record_case(gateway: Gateway, person_id: str, case: Case) -> None:
    """Record settlement's facts of a case through the gateway: hukou, residence periods,
    permits, the household and its members, and applications to settle with decisions."""
    from settlement.entitlements import own_case

    person = case.person
    own = own_case(case)
    if person.hukou is not None:
        gateway(
            HUKOU,
            {
                "input": {
                    "personId": person_id,
                    "type": person.hukou.type,
                    "regionCode": person.hukou.region,
                    "recordedOn": person.hukou.recorded_on.isoformat(),
                }
            },
        )
    _record_periods(gateway, person_id, person.residence)
    for permit in person.permits:
        permit_id = gateway(
            PERMIT,
            {
                "input": {
                    "personId": person_id,
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
    if own.household is not None:
        h = own.household
        household = gateway(
            CREATE_HOUSEHOLD,
            {
                "input": {
                    "headPersonId": person_id,
                    "regionCode": h.region,
                    "createdOn": h.created.isoformat(),
                }
            },
        )["createHousehold"]["id"]
        for n, m in enumerate(h.members):
            member_id = _register_member(gateway, m.born, n)
            gateway(
                ADD_MEMBER,
                {
                    "input": {
                        "householdId": household,
                        "personId": member_id,
                        "relation": m.relation,
                        "joinedOn": m.joined.isoformat(),
                    }
                },
            )
            _record_periods(gateway, member_id, [ResidenceCase.model_validate(r) for r in m.residence])
            if m.left is not None:
                gateway(
                    REMOVE_MEMBER,
                    {
                        "input": {
                            "householdId": household,
                            "personId": member_id,
                            "leftOn": m.left.isoformat(),
                        }
                    },
                )
    for s in own.settlement:
        _settle(
            gateway,
            person_id,
            s.region,
            s.applied,
            s.decided,
            s.outcome,
            reason=s.reason,
            rights={
                "landContract": s.rights.land_contract,
                "homestead": s.rights.homestead,
                "collectiveIncome": s.rights.collective_income,
            },
        )
