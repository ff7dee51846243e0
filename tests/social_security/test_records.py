"""Social security's records of clauses 九–十一: insurance enrolments, work injuries,
assistance and disability — validation, conflicts, idempotent retries and the events each
mutation writes to the outbox in its transaction."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from fujian.events.social_security.v1 import events_pb2 as pb
from servicekit.contracts.registry import decode
from tests.social_security.test_events import outbox
from tests.support import ServiceUnderTest

ENROL = """
mutation E($input: EnrolInsuranceInput!) { enrolInsurance(input: $input) {
  id scheme startedOn endedOn endReason employer project workerContributes premiumPaidByGovernment } }"""
END_INSURANCE = """
mutation X($input: EndInsuranceInput!) { endInsurance(input: $input) { id endedOn endReason } }"""
INJURY = """
mutation W($input: RecognizeWorkInjuryInput!) { recognizeWorkInjury(input: $input) {
  id enrolmentId recognizedOn } }"""
GRANT = """
mutation G($input: GrantAssistanceInput!) { grantAssistance(input: $input) {
  id kind startedOn endsOn endedOn amountFen period } }"""
END_ASSISTANCE = """
mutation A($input: EndAssistanceInput!) { endAssistance(input: $input) { id endedOn } }"""
DISABILITY = """
mutation D($input: RecordDisabilityInput!) { recordDisability(input: $input) {
  id category grade certifiedOn revokedOn } }"""
REVOKE = """
mutation V($input: RevokeDisabilityInput!) { revokeDisability(input: $input) { id revokedOn } }"""
RECORDS = """
query R($r: [_Any!]!) { _entities(representations: $r) { ... on Person { socialSecurity {
  insurance { scheme endedOn } workInjuries { recognizedOn } assistance { kind amountFen }
  disabilities { grade revokedOn } } } } }"""


def enrol(person: str, **changes: Any) -> dict[str, Any]:
    return {
        "input": {
            "personId": person,
            "scheme": "UNEMPLOYMENT",
            "startedOn": "2018-03-01",
            "employer": "厦门某物业公司",
            "workerContributes": True,
            **changes,
        }
    }


def grant(person: str, **changes: Any) -> dict[str, Any]:
    return {
        "input": {
            "personId": person,
            "kind": "DIBAO",
            "startedOn": "2019-07-01",
            "endsOn": None,
            "amountFen": 70000,
            "period": "MONTHLY",
            **changes,
        }
    }


def disability(person: str, **changes: Any) -> dict[str, Any]:
    return {
        "input": {
            "personId": person,
            "category": "PHYSICAL",
            "grade": 2,
            "certifiedOn": "2010-01-01",
            **changes,
        }
    }


async def event_types(service: ServiceUnderTest) -> list[str]:
    return [row["event_type"].rsplit(".", 1)[1] for row, _ in await outbox(service.pool)]


async def test_an_unemployment_enrolment_starts_and_ends_with_one_event_each(
    service: ServiceUnderTest,
) -> None:
    person = str(uuid.uuid4())
    started = (await service.client.data(ENROL, enrol(person)))["enrolInsurance"]
    assert started["scheme"] == "UNEMPLOYMENT"
    assert started["workerContributes"] is True
    ended = await service.client.data(
        END_INSURANCE,
        {"input": {"enrolmentId": started["id"], "endedOn": "2019-09-30", "reason": "JOB_LOST"}},
    )
    assert ended["endInsurance"] == {"id": started["id"], "endedOn": "2019-09-30", "endReason": "JOB_LOST"}
    [(_, first), (row, last)] = await outbox(service.pool)
    assert decode(first) == pb.InsuranceEnrolmentStarted(
        enrolment_id=started["id"],
        person_id=person,
        scheme=pb.INSURANCE_SCHEME_UNEMPLOYMENT,
        started_on="2018-03-01",
        employer="厦门某物业公司",
        worker_contributes=True,
        version=1,
    )
    assert row["subject_person_id"] == uuid.UUID(person)
    assert decode(last) == pb.InsuranceEnrolmentEnded(
        enrolment_id=started["id"],
        person_id=person,
        scheme=pb.INSURANCE_SCHEME_UNEMPLOYMENT,
        started_on="2018-03-01",
        ended_on="2019-09-30",
        reason=pb.ENROLMENT_END_REASON_JOB_LOST,
        employer="厦门某物业公司",
        worker_contributes=True,
        version=2,
    )


@pytest.mark.parametrize(
    ("changes", "code", "field"),
    [
        ({"employer": None}, "VALIDATION_FAILED", "employer"),
        ({"employer": "  "}, "VALIDATION_FAILED", "employer"),
        ({"startedOn": "2999-01-01"}, "VALIDATION_FAILED", "startedOn"),
        ({"project": "某项目"}, "VALIDATION_FAILED", "project"),
        ({"scheme": "WORK_INJURY", "workerContributes": True}, "VALIDATION_FAILED", "workerContributes"),
        ({"premiumPaidByGovernment": True}, "VALIDATION_FAILED", "premiumPaidByGovernment"),
        ({"personId": "42"}, "NOT_FOUND", "personId"),
    ],
)
async def test_bad_enrolments_are_refused_and_write_nothing(
    service: ServiceUnderTest, changes: dict[str, Any], code: str, field: str
) -> None:
    error = await service.client.error(ENROL, enrol(str(uuid.uuid4()), **changes))
    assert (error["extensions"]["code"], error["extensions"]["field"]) == (code, field)
    assert await service.pool.fetchval("SELECT count(*) FROM insurance_enrolments") == 0
    assert await outbox(service.pool) == []


async def test_enrolment_conflicts_and_end_checks(service: ServiceUnderTest) -> None:
    person = str(uuid.uuid4())
    first = (await service.client.data(ENROL, enrol(person)))["enrolInsurance"]
    error = await service.client.error(ENROL, enrol(person, startedOn="2019-01-01"))
    assert (error["extensions"]["code"], error["extensions"]["field"]) == ("CONFLICT", "scheme")
    # Another scheme, and work injury per project, may run side by side.
    await service.client.data(
        ENROL, enrol(person, scheme="WORK_INJURY", project="A标", employer=None, workerContributes=False)
    )
    await service.client.data(
        ENROL, enrol(person, scheme="WORK_INJURY", project="B标", employer=None, workerContributes=False)
    )
    end = {"enrolmentId": first["id"], "endedOn": "2017-01-01", "reason": "LEFT"}
    error = await service.client.error(END_INSURANCE, {"input": end})
    assert (error["extensions"]["code"], error["extensions"]["field"]) == ("VALIDATION_FAILED", "endedOn")
    error = await service.client.error(END_INSURANCE, {"input": {**end, "enrolmentId": str(uuid.uuid4())}})
    assert (error["extensions"]["code"], error["extensions"]["field"]) == ("NOT_FOUND", "enrolmentId")
    await service.client.data(END_INSURANCE, {"input": {**end, "endedOn": "2018-12-31"}})
    error = await service.client.error(END_INSURANCE, {"input": {**end, "endedOn": "2019-01-31"}})
    assert error["extensions"]["code"] == "CONFLICT"
    # After the end, enrolling again in the same scheme is a new enrolment.
    await service.client.data(ENROL, enrol(person, startedOn="2019-01-01"))
    assert await event_types(service) == [
        "InsuranceEnrolmentStarted",
        "InsuranceEnrolmentStarted",
        "InsuranceEnrolmentStarted",
        "InsuranceEnrolmentEnded",
        "InsuranceEnrolmentStarted",
    ]


async def test_a_retry_with_the_same_key_returns_the_first_enrolment(service: ServiceUnderTest) -> None:
    person = str(uuid.uuid4())
    headers = {"Idempotency-Key": str(uuid.uuid4())}
    first = await service.client.data(ENROL, enrol(person), headers)
    again = await service.client.data(ENROL, enrol(person), headers)
    assert again == first
    assert await event_types(service) == ["InsuranceEnrolmentStarted"]
    assert await service.pool.fetchval("SELECT count(*) FROM insurance_enrolments") == 1


async def test_a_work_injury_is_recognised_under_a_work_injury_enrolment(service: ServiceUnderTest) -> None:
    person = str(uuid.uuid4())
    pension = await service.client.data(
        ENROL, enrol(person, scheme="EMPLOYEE_PENSION", workerContributes=False)
    )
    cover = await service.client.data(
        ENROL,
        enrol(person, scheme="WORK_INJURY", employer=None, workerContributes=False, project="福州地铁6号线"),
    )
    injury = {"personId": person, "recognizedOn": "2019-08-01", "enrolmentId": cover["enrolInsurance"]["id"]}
    error = await service.client.error(
        INJURY, {"input": {**injury, "enrolmentId": pension["enrolInsurance"]["id"]}}
    )
    assert (error["extensions"]["code"], error["extensions"]["field"]) == ("VALIDATION_FAILED", "enrolmentId")
    error = await service.client.error(INJURY, {"input": {**injury, "personId": str(uuid.uuid4())}})
    assert (error["extensions"]["code"], error["extensions"]["field"]) == ("NOT_FOUND", "enrolmentId")
    error = await service.client.error(INJURY, {"input": {**injury, "recognizedOn": "2999-01-01"}})
    assert error["extensions"]["field"] == "recognizedOn"
    headers = {"Idempotency-Key": "injury-1"}
    recognised = await service.client.data(INJURY, {"input": injury}, headers)
    assert await service.client.data(INJURY, {"input": injury}, headers) == recognised
    error = await service.client.error(INJURY, {"input": injury})
    assert error["extensions"]["code"] == "CONFLICT"
    [*_, (_, envelope)] = await outbox(service.pool)
    assert decode(envelope) == pb.WorkInjuryRecognized(
        injury_id=recognised["recognizeWorkInjury"]["id"],
        person_id=person,
        enrolment_id=cover["enrolInsurance"]["id"],
        recognized_on="2019-08-01",
        version=1,
    )


@pytest.mark.parametrize(
    ("changes", "code", "field"),
    [
        ({"amountFen": -1}, "VALIDATION_FAILED", "amountFen"),
        ({"startedOn": "2999-01-01"}, "VALIDATION_FAILED", "startedOn"),
        ({"endsOn": "2019-01-01"}, "VALIDATION_FAILED", "endsOn"),
        ({"kind": "TEMPORARY", "period": "ONE_TIME"}, "VALIDATION_FAILED", "endsOn"),
        ({"personId": "x"}, "NOT_FOUND", "personId"),
    ],
)
async def test_bad_assistance_is_refused(
    service: ServiceUnderTest, changes: dict[str, Any], code: str, field: str
) -> None:
    error = await service.client.error(GRANT, grant(str(uuid.uuid4()), **changes))
    assert (error["extensions"]["code"], error["extensions"]["field"]) == (code, field)
    assert await service.pool.fetchval("SELECT count(*) FROM assistance_grants") == 0


async def test_dibao_is_granted_once_at_a_time_and_ended_with_events(service: ServiceUnderTest) -> None:
    person = str(uuid.uuid4())
    headers = {"Idempotency-Key": str(uuid.uuid4())}
    granted = (await service.client.data(GRANT, grant(person), headers))["grantAssistance"]
    assert (await service.client.data(GRANT, grant(person), headers))["grantAssistance"] == granted
    error = await service.client.error(GRANT, grant(person, startedOn="2019-09-01"))
    assert (error["extensions"]["code"], error["extensions"]["field"]) == ("CONFLICT", "kind")
    # Temporary assistance may be given beside dibao.
    await service.client.data(
        GRANT,
        grant(
            person,
            kind="TEMPORARY",
            endsOn="2019-08-01",
            startedOn="2019-08-01",
            period="ONE_TIME",
            amountFen=200000,
        ),
    )
    end = {"assistanceId": granted["id"], "endedOn": "2019-06-30"}
    error = await service.client.error(END_ASSISTANCE, {"input": end})
    assert error["extensions"]["field"] == "endedOn"
    ended = await service.client.data(END_ASSISTANCE, {"input": {**end, "endedOn": "2020-03-31"}})
    assert ended["endAssistance"] == {"id": granted["id"], "endedOn": "2020-03-31"}
    error = await service.client.error(END_ASSISTANCE, {"input": {**end, "endedOn": "2020-04-30"}})
    assert error["extensions"]["code"] == "CONFLICT"
    # Once ended, dibao may be granted again after its last day.
    await service.client.data(GRANT, grant(person, startedOn="2020-04-01"))
    assert await event_types(service) == [
        "AssistanceGranted",
        "AssistanceGranted",
        "AssistanceEnded",
        "AssistanceGranted",
    ]
    events = [decode(e) for _, e in await outbox(service.pool)]
    assert events[2] == pb.AssistanceEnded(
        assistance_id=granted["id"],
        person_id=person,
        kind=pb.ASSISTANCE_KIND_DIBAO,
        started_on="2019-07-01",
        ended_on="2020-03-31",
        amount_fen=70000,
        period=pb.PAYMENT_PERIOD_MONTHLY,
        version=2,
    )


async def test_disability_is_recorded_revoked_and_recorded_again(service: ServiceUnderTest) -> None:
    person = str(uuid.uuid4())
    bad: list[tuple[dict[str, Any], str]] = [
        ({"grade": 5}, "grade"),
        ({"certifiedOn": "2999-01-01"}, "certifiedOn"),
    ]
    for changes, field in bad:
        error = await service.client.error(DISABILITY, disability(person, **changes))
        assert (error["extensions"]["code"], error["extensions"]["field"]) == ("VALIDATION_FAILED", field)
    headers = {"Idempotency-Key": str(uuid.uuid4())}
    recorded = (await service.client.data(DISABILITY, disability(person), headers))["recordDisability"]
    assert (await service.client.data(DISABILITY, disability(person), headers))[
        "recordDisability"
    ] == recorded
    error = await service.client.error(DISABILITY, disability(person))
    assert error["extensions"]["code"] == "CONFLICT"
    revoke = {"disabilityId": recorded["id"], "revokedOn": "2019-10-01"}
    revoked = await service.client.data(REVOKE, {"input": revoke})
    assert revoked["revokeDisability"] == {"id": recorded["id"], "revokedOn": "2019-10-01"}
    error = await service.client.error(REVOKE, {"input": revoke})
    assert error["extensions"]["code"] == "CONFLICT"
    error = await service.client.error(DISABILITY, disability(person, certifiedOn="2019-09-01"))
    assert error["extensions"]["field"] == "certifiedOn"
    await service.client.data(DISABILITY, disability(person, certifiedOn="2020-01-01", grade=3))
    events = [decode(e) for _, e in await outbox(service.pool)]
    assert [type(e).__name__ for e in events] == [
        "DisabilityRecorded",
        "DisabilityRevoked",
        "DisabilityRecorded",
    ]
    assert events[1] == pb.DisabilityRevoked(
        disability_id=recorded["id"],
        person_id=person,
        category="PHYSICAL",
        grade=2,
        certified_on="2010-01-01",
        revoked_on="2019-10-01",
        version=2,
    )
    data = await service.client.data(RECORDS, {"r": [{"__typename": "Person", "id": person}]})
    assert data["_entities"][0]["socialSecurity"]["disabilities"] == [
        {"grade": 2, "revokedOn": "2019-10-01"},
        {"grade": 3, "revokedOn": None},
    ]


async def test_the_snapshot_republishes_every_record_at_its_version(service: ServiceUnderTest) -> None:
    from servicekit.db import Connection
    from social_security.events import current_state

    person = str(uuid.uuid4())
    started = (await service.client.data(ENROL, enrol(person)))["enrolInsurance"]
    await service.client.data(
        END_INSURANCE,
        {"input": {"enrolmentId": started["id"], "endedOn": "2019-09-30", "reason": "JOB_LOST"}},
    )
    await service.client.data(GRANT, grant(person))
    await service.client.data(DISABILITY, disability(person))
    async with service.pool.acquire() as conn, conn.transaction():
        c: Connection = conn
        names = sorted([type(m).__name__ async for m in current_state(c)])
    assert names == ["AssistanceGranted", "DisabilityRecorded", "InsuranceEnrolmentEnded"]
