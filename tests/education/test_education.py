"""Education: enrolments, graduations and student aid with their events, bad input refused,
and the entitlements decided from settlement's and social security's facts as projected."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from education.app import SPEC
from fujian.events.education.v1 import events_pb2 as pb
from servicekit.contracts.registry import decode, parse_envelope
from settlement.app import SPEC as SETTLEMENT
from social_security.app import SPEC as SOCIAL_SECURITY
from tests.bus.support import eventually
from tests.conftest import ServeFactory
from tests.ids import make_id_number
from tests.support import ServiceUnderTest

ENROL = """mutation E($input: EnrolStudentInput!) { enrolStudent(input: $input) {
  id level grade school city { code } publicSchool startedOn endedOn endReason } }"""
END = """mutation X($input: EndEnrolmentInput!) { endEnrolment(input: $input) { id endedOn endReason } }"""
AID = """mutation A($input: GrantStudentAidInput!) { grantStudentAid(input: $input) { id kind amountFen } }"""
VIEW = """
query V($r: [_Any!]!, $asOf: Date) { _entities(representations: $r) { ... on Person { education {
  enrolments { level grade endReason } graduations { graduationYear graduatedOn } studentAid { kind }
  entitlements(asOf: $asOf) { code status reasons { code } validTo }
} } } }"""


def primary(person: str, **changes: Any) -> dict[str, Any]:
    return {
        "input": {
            "personId": person,
            "level": "PRIMARY",
            "grade": 1,
            "school": "厦门市实验小学",
            "cityCode": "350203",
            "publicSchool": True,
            "startedOn": "2019-09-01",
            **changes,
        }
    }


async def events_of(service: ServiceUnderTest) -> list[Any]:
    rows = await service.pool.fetch("SELECT envelope FROM event_outbox ORDER BY sequence")
    return [decode(parse_envelope(r["envelope"])) for r in rows]


async def test_enrolment_graduation_and_aid_with_their_events(service: ServiceUnderTest) -> None:
    person = str(uuid.uuid4())
    enrolled = (
        await service.client.data(
            ENROL,
            {"input": {**primary(person)["input"], "level": "HIGHER", "grade": None, "school": "厦门大学"}},
        )
    )["enrolStudent"]
    assert (enrolled["level"], enrolled["grade"], enrolled["city"]["code"]) == ("HIGHER", None, "350203")
    aid = await service.client.data(
        AID,
        {
            "input": {
                "personId": person,
                "enrolmentId": enrolled["id"],
                "kind": "NATIONAL_GRANT",
                "amountFen": 300000,
                "grantedOn": "2019-10-01",
            }
        },
    )
    assert aid["grantStudentAid"]["amountFen"] == 300000
    ended = await service.client.data(
        END, {"input": {"enrolmentId": enrolled["id"], "endedOn": "2020-06-30", "reason": "GRADUATED"}}
    )
    assert ended["endEnrolment"]["endReason"] == "GRADUATED"
    found = [type(e).__name__ for e in await events_of(service)]
    assert found == ["StudentEnrolled", "StudentAidGranted", "EnrolmentEnded", "StudentGraduated"]
    graduated = (await events_of(service))[-1]
    assert isinstance(graduated, pb.StudentGraduated)
    assert (graduated.graduation_year, graduated.level, graduated.version) == (
        2020,
        pb.EDUCATION_LEVEL_HIGHER,
        1,
    )
    view = await service.client.data(VIEW, {"r": [{"__typename": "Person", "id": person}]})
    education = view["_entities"][0]["education"]
    assert education["graduations"] == [{"graduationYear": 2020, "graduatedOn": "2020-06-30"}]
    assert education["studentAid"] == [{"kind": "NATIONAL_GRANT"}]


async def test_bad_input_is_refused_and_nothing_written(service: ServiceUnderTest) -> None:
    person = str(uuid.uuid4())
    refusals: list[tuple[dict[str, Any], str | None, str]] = [
        ({"grade": 7}, "grade", "VALIDATION_FAILED"),
        ({"grade": None}, "grade", "VALIDATION_FAILED"),
        ({"level": "HIGHER"}, "grade", "VALIDATION_FAILED"),
        ({"startedOn": "2999-01-01"}, "startedOn", "VALIDATION_FAILED"),
        ({"school": "  "}, "school", "VALIDATION_FAILED"),
        ({"cityCode": "999999"}, None, "UNKNOWN_REGION"),
        ({"personId": "nobody"}, "personId", "NOT_FOUND"),
    ]
    for changes, field, code in refusals:
        error = await service.client.error(ENROL, primary(person, **changes))
        assert error["extensions"]["code"] == code, changes
        if field:
            assert error["extensions"]["field"] == field
    assert await service.pool.fetchval("SELECT count(*) FROM enrolments") == 0
    assert await service.pool.fetchval("SELECT count(*) FROM event_outbox") == 0
    enrolled = (await service.client.data(ENROL, primary(person)))["enrolStudent"]
    again = await service.client.error(ENROL, primary(person, startedOn="2020-03-01", grade=2))
    assert again["extensions"]["code"] == "CONFLICT"
    early = await service.client.error(
        END, {"input": {"enrolmentId": enrolled["id"], "endedOn": "2019-08-01", "reason": "LEFT"}}
    )
    assert early["extensions"]["code"] == "VALIDATION_FAILED"
    missing = await service.client.error(
        END, {"input": {"enrolmentId": str(uuid.uuid4()), "endedOn": "2020-01-01", "reason": "LEFT"}}
    )
    assert missing["extensions"]["code"] == "NOT_FOUND"
    negative = await service.client.error(
        AID,
        {
            "input": {
                "personId": person,
                "enrolmentId": enrolled["id"],
                "kind": "OTHER",
                "amountFen": -1,
                "grantedOn": "2019-10-01",
            }
        },
    )
    assert negative["extensions"]["field"] == "amountFen"
    other = await service.client.error(
        AID,
        {
            "input": {
                "personId": str(uuid.uuid4()),
                "enrolmentId": enrolled["id"],
                "kind": "OTHER",
                "amountFen": 1,
                "grantedOn": "2019-10-01",
            }
        },
    )
    assert other["extensions"]["code"] == "NOT_FOUND"


async def test_a_child_living_with_a_permit_holding_poor_mother(serve: ServeFactory) -> None:
    """Settlement's household, permit and residence and social security's poverty registration
    reach education's projections; the child's entitlements follow from them."""
    settlement = await serve(SETTLEMENT)
    social = await serve(SOCIAL_SECURITY)
    service = await serve(SPEC)

    async def register(born: date, sex: str) -> str:
        data = await settlement.client.data(
            "mutation R($input: RegisterPersonInput!) { registerPerson(input: $input) { id } }",
            {
                "input": {
                    "name": "林测试",
                    "idNumber": make_id_number(birth=born, serial=124 if sex == "FEMALE" else 123),
                }
            },
        )
        person: str = data["registerPerson"]["id"]
        return person

    mother = await register(date(1988, 4, 2), "FEMALE")
    child = await register(date(2013, 1, 10), "MALE")
    household = (
        await settlement.client.data(
            "mutation H($input: CreateHouseholdInput!) { createHousehold(input: $input) { id } }",
            {"input": {"headPersonId": mother, "regionCode": "350821", "createdOn": "2012-01-01"}},
        )
    )["createHousehold"]["id"]
    await settlement.client.data(
        "mutation M($input: AddHouseholdMemberInput!) { addHouseholdMember(input: $input) { id } }",
        {
            "input": {
                "householdId": household,
                "personId": child,
                "relation": "CHILD",
                "joinedOn": "2013-01-10",
            }
        },
    )
    await settlement.client.data(
        "mutation P($input: IssueResidencePermitInput!) { issueResidencePermit(input: $input) { id } }",
        {
            "input": {
                "personId": mother,
                "cityCode": "350200",
                "issuedOn": "2018-09-01",
                "validUntil": "2023-08-31",
            }
        },
    )
    await settlement.client.data(
        "mutation P($input: RecordResidencePeriodInput!) { recordResidencePeriod(input: $input) { id } }",
        {"input": {"personId": child, "cityCode": "350203", "startedOn": "2018-09-01"}},
    )
    await social.client.data(
        "mutation P($input: RegisterPovertyInput!) { registerPoverty(input: $input) { id } }",
        {"input": {"personId": mother, "householdNumber": "H-3508-0001", "registeredOn": "2016-05-01"}},
    )
    await service.client.data(ENROL, primary(child))

    async def decided() -> bool:
        view = await service.client.data(
            VIEW, {"r": [{"__typename": "Person", "id": child}], "asOf": "2020-03-01"}
        )
        found = {e["code"]: e for e in view["_entities"][0]["education"]["entitlements"]}
        return (
            found["EDUCATION_COMPULSORY_SCHOOLING"]["status"] == "GRANTED"
            and found["EDUCATION_STUDENT_AID"]["status"] == "ELIGIBLE"
            and [r["code"] for r in found["EDUCATION_STUDENT_AID"]["reasons"]]
            == ["ENROLLED", "HOUSEHOLD_REGISTERED_POOR"]
        )

    await eventually(decided)
