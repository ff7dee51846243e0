"""就业 Employment: its records (employment, job-seeker registrations, training), the events
employment records emit, bad input refused, idempotent retries, settlement's persons
projected, and entitlements through the subgraph."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

import pytest

from employment.app import SPEC
from fujian.events.employment.v1 import events_pb2 as pb
from servicekit.contracts.registry import decode, parse_envelope
from settlement.app import SPEC as SETTLEMENT
from tests.bus.support import eventually
from tests.conftest import ServeFactory
from tests.ids import make_id_number
from tests.support import ServiceUnderTest

RECORD = """
mutation W($input: RecordEmploymentInput!) { recordEmployment(input: $input) {
  id employer industry region { code } startedOn endedOn } }"""
END = """
mutation E($input: EndEmploymentInput!) { endEmployment(input: $input) { id endedOn } }"""
SEEK = """
mutation S($input: RegisterJobSeekerInput!) { registerJobSeeker(input: $input) {
  id region { code } registeredOn closedOn } }"""
CLOSE = """
mutation C($input: CloseJobSeekerRegistrationInput!) { closeJobSeekerRegistration(input: $input) {
  id closedOn } }"""
ENROL = """
mutation T($input: EnrolTrainingInput!) { enrolTraining(input: $input) {
  id kind course subsidyFen startedOn completedOn } }"""
COMPLETE = """
mutation D($input: CompleteTrainingInput!) { completeTraining(input: $input) { id completedOn } }"""
ENTITY = """
query E($r: [_Any!]!, $asOf: Date) { _entities(representations: $r) { ... on Person {
  id employment {
    employments { employer industry endedOn }
    jobSeekerRegistrations { registeredOn closedOn }
    trainings { kind subsidyFen }
    identity { birthDate source { producer version } }
    entitlements(asOf: $asOf) { code status amount { fen period } reasons { code } }
  }
} } }"""


def work(person: str, **changes: Any) -> dict[str, Any]:
    return {
        "input": {
            "personId": person,
            "employer": "厦门市环境卫生中心",
            "industry": "SANITATION",
            "cityCode": "350203",
            "startedOn": "2018-06-01",
            **changes,
        }
    }


async def outbox(service: ServiceUnderTest) -> list[Any]:
    rows = await service.pool.fetch("SELECT envelope FROM event_outbox ORDER BY sequence")
    return [decode(parse_envelope(r["envelope"])) for r in rows]


async def test_an_employment_starts_and_ends_with_one_event_each(service: ServiceUnderTest) -> None:
    person = str(uuid.uuid4())
    started = (await service.client.data(RECORD, work(person, employer="  厦门市 环境卫生中心 ")))[
        "recordEmployment"
    ]
    assert started["employer"] == "厦门市 环境卫生中心"
    assert started["region"] == {"code": "350203"}
    ended = await service.client.data(
        END, {"input": {"employmentId": started["id"], "endedOn": "2021-05-31"}}
    )
    assert ended["endEmployment"] == {"id": started["id"], "endedOn": "2021-05-31"}
    first, last = await outbox(service)
    record = pb.Employment(
        employment_id=started["id"],
        person_id=person,
        employer="厦门市 环境卫生中心",
        industry=pb.INDUSTRY_SANITATION,
        city_code="350203",
        started_on="2018-06-01",
    )
    assert first == pb.EmploymentStarted(employment=record, version=1)
    record.ended_on = "2021-05-31"
    assert last == pb.EmploymentEnded(employment=record, version=2)


async def test_settlement_projects_what_employment_emits(serve: ServeFactory) -> None:
    """Settlement (and social security) project these events with the kit's fact pack: its
    handlers must accept every event employment writes, in each of clause 十二's industries."""
    settlement = await serve(SETTLEMENT)
    service = await serve(SPEC)
    person = str(uuid.uuid4())
    for industry in ("SANITATION", "PUBLIC_TRANSPORT", "METRO", "AUXILIARY_POLICE", "OTHER"):
        started = (await service.client.data(RECORD, work(person, employer=industry, industry=industry)))[
            "recordEmployment"
        ]
        await service.client.data(END, {"input": {"employmentId": started["id"], "endedOn": "2019-01-01"}})

    async def projected() -> bool:
        rows = await settlement.pool.fetch(
            "SELECT industry, version FROM employment_facts WHERE person_id = $1 AND ended_on IS NOT NULL",
            uuid.UUID(person),
        )
        return sorted(r["industry"] for r in rows) == [
            "AUXILIARY_POLICE",
            "METRO",
            "OTHER",
            "PUBLIC_TRANSPORT",
            "SANITATION",
        ] and {r["version"] for r in rows} == {2}

    await eventually(projected)


@pytest.mark.parametrize(
    ("changes", "code", "field"),
    [
        ({"employer": "  "}, "VALIDATION_FAILED", "employer"),
        ({"employer": "x" * 101}, "VALIDATION_FAILED", "employer"),
        ({"cityCode": "359999"}, "UNKNOWN_REGION", "cityCode"),
        ({"startedOn": "2999-01-01"}, "VALIDATION_FAILED", "startedOn"),
        ({"personId": "nobody"}, "NOT_FOUND", "personId"),
    ],
)
async def test_bad_employment_input_is_refused_and_nothing_written(
    service: ServiceUnderTest, changes: dict[str, Any], code: str, field: str
) -> None:
    error = await service.client.error(RECORD, work(str(uuid.uuid4()), **changes))
    assert (error["extensions"]["code"], error["extensions"]["field"]) == (code, field)
    assert await service.pool.fetchval("SELECT count(*) FROM employments") == 0
    assert await service.pool.fetchval("SELECT count(*) FROM event_outbox") == 0


async def test_an_unknown_industry_is_refused(service: ServiceUnderTest) -> None:
    body = await service.client.execute(RECORD, work(str(uuid.uuid4()), industry="FARMING"))
    assert body.get("errors") and not body.get("data")


async def test_ending_checks_the_record_and_the_dates(service: ServiceUnderTest) -> None:
    person = str(uuid.uuid4())
    started = (await service.client.data(RECORD, work(person)))["recordEmployment"]
    for changes, code, field in [
        ({"employmentId": str(uuid.uuid4())}, "NOT_FOUND", "employmentId"),
        ({"endedOn": "2018-05-31"}, "VALIDATION_FAILED", "endedOn"),
        ({"endedOn": "2999-01-01"}, "VALIDATION_FAILED", "endedOn"),
    ]:
        error = await service.client.error(
            END, {"input": {"employmentId": started["id"], "endedOn": "2020-01-01", **changes}}
        )
        assert (error["extensions"]["code"], error["extensions"]["field"]) == (code, field)
    await service.client.data(END, {"input": {"employmentId": started["id"], "endedOn": "2020-01-01"}})
    error = await service.client.error(
        END, {"input": {"employmentId": started["id"], "endedOn": "2020-01-02"}}
    )
    assert error["extensions"]["code"] == "CONFLICT"


async def test_the_same_employer_twice_at_once_is_a_conflict(service: ServiceUnderTest) -> None:
    person = str(uuid.uuid4())
    await service.client.data(RECORD, work(person))
    error = await service.client.error(RECORD, work(person, startedOn="2019-01-01"))
    assert (error["extensions"]["code"], error["extensions"]["field"]) == ("CONFLICT", "employer")
    # Another employer at the same time is a second job, not a duplicate.
    await service.client.data(RECORD, work(person, employer="厦门地铁", industry="METRO"))


async def test_a_retry_with_the_same_idempotency_key_writes_once(service: ServiceUnderTest) -> None:
    person = str(uuid.uuid4())
    headers = {"Idempotency-Key": str(uuid.uuid4())}
    first = await service.client.data(RECORD, work(person), headers=headers)
    again = await service.client.data(RECORD, work(person), headers=headers)
    assert first == again
    assert await service.pool.fetchval("SELECT count(*) FROM employments") == 1
    assert await service.pool.fetchval("SELECT count(*) FROM event_outbox") == 1


async def test_job_seeker_registrations_open_and_close(service: ServiceUnderTest) -> None:
    person = str(uuid.uuid4())
    seek = {"input": {"personId": person, "cityCode": "350203", "registeredOn": "2020-10-01"}}
    registered = (await service.client.data(SEEK, seek))["registerJobSeeker"]
    assert registered["region"] == {"code": "350203"} and registered["closedOn"] is None
    # One open registration per city: another district of Xiamen is the same city.
    error = await service.client.error(SEEK, {"input": {**seek["input"], "cityCode": "350206"}})
    assert (error["extensions"]["code"], error["extensions"]["field"]) == ("CONFLICT", "cityCode")
    await service.client.data(SEEK, {"input": {**seek["input"], "cityCode": "350102"}})
    error = await service.client.error(
        CLOSE, {"input": {"registrationId": registered["id"], "closedOn": "2020-09-30"}}
    )
    assert (error["extensions"]["code"], error["extensions"]["field"]) == ("VALIDATION_FAILED", "closedOn")
    closed = await service.client.data(
        CLOSE, {"input": {"registrationId": registered["id"], "closedOn": "2021-03-31"}}
    )
    assert closed["closeJobSeekerRegistration"]["closedOn"] == "2021-03-31"
    await service.client.data(SEEK, {"input": {**seek["input"], "registeredOn": "2021-04-01"}})
    error = await service.client.error(SEEK, {"input": {**seek["input"], "cityCode": "999999"}})
    assert error["extensions"]["code"] == "UNKNOWN_REGION"
    assert (
        await service.pool.fetchval("SELECT count(*) FROM event_outbox") == 0
    )  # no other department reads them


async def test_training_with_a_subsidy_is_enrolled_and_completed(service: ServiceUnderTest) -> None:
    person = str(uuid.uuid4())
    enrol = {
        "input": {
            "personId": person,
            "course": "家政服务员",
            "cityCode": "350203",
            "startedOn": "2020-01-02",
            "subsidyFen": 150000,
        }
    }
    training = (await service.client.data(ENROL, enrol))["enrolTraining"]
    assert (training["kind"], training["subsidyFen"]) == ("VOCATIONAL", 150000)
    error = await service.client.error(ENROL, enrol)
    assert (error["extensions"]["code"], error["extensions"]["field"]) == ("CONFLICT", "course")
    error = await service.client.error(ENROL, {"input": {**enrol["input"], "subsidyFen": -1}})
    assert (error["extensions"]["code"], error["extensions"]["field"]) == ("VALIDATION_FAILED", "subsidyFen")
    await service.client.data(ENROL, {"input": {**enrol["input"], "kind": "DEGREE_UPGRADE"}})
    done = await service.client.data(
        COMPLETE, {"input": {"trainingId": training["id"], "completedOn": "2020-03-31"}}
    )
    assert done["completeTraining"]["completedOn"] == "2020-03-31"
    error = await service.client.error(
        COMPLETE, {"input": {"trainingId": training["id"], "completedOn": "2020-04-01"}}
    )
    assert error["extensions"]["code"] == "CONFLICT"
    error = await service.client.error(COMPLETE, {"input": {"trainingId": "x", "completedOn": "2020-04-01"}})
    assert error["extensions"]["code"] == "NOT_FOUND"


async def test_a_registered_poor_persons_records_and_entitlements(serve: ServeFactory) -> None:
    settlement = await serve(SETTLEMENT)
    service = await serve(SPEC)
    registered = await settlement.client.data(
        "mutation R($input: RegisterPersonInput!) { registerPerson(input: $input) { id } }",
        {"input": {"name": "林小梅", "idNumber": make_id_number(birth=date(1990, 2, 3))}},
    )
    person = registered["registerPerson"]["id"]
    await settlement.client.data(
        "mutation H($input: RecordHukouInput!) { recordHukou(input: $input) { id } }",
        {"input": {"personId": person, "type": "RURAL", "regionCode": "350821", "recordedOn": "2000-01-01"}},
    )
    await service.client.data(RECORD, work(person))
    await service.client.data(
        ENROL,
        {
            "input": {
                "personId": person,
                "course": "开放大学（专科）",
                "kind": "DEGREE_UPGRADE",
                "cityCode": "350203",
                "startedOn": "2020-09-01",
            }
        },
    )

    async def decided() -> bool:
        data = await service.client.data(
            ENTITY, {"r": [{"__typename": "Person", "id": person}], "asOf": "2020-10-01"}
        )
        part = data["_entities"][0]["employment"]
        found = {e["code"]: e["status"] for e in part["entitlements"]}
        return part["identity"] is not None and found == {
            # Not registered poor: neither a target person nor a poor labourer.
            "EMPLOYMENT_PUBLIC_SERVICES": "INELIGIBLE",
            "EMPLOYMENT_TRAINING_SUBSIDY": "INELIGIBLE",
            # A rural-hukou worker in a city, enrolled in a degree upgrade.
            "EMPLOYMENT_DEGREE_UPGRADE": "GRANTED",
        }

    await eventually(decided)
