"""Housing's records: public housing applications (apply, decide, end), the waiting list
with registered poor applicants first, and tenant registrations with the address masked —
validation, conflicts, and the event each mutation writes to the outbox in its transaction."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import asyncpg
import pytest

from fujian.events.housing.v1 import events_pb2 as pb
from servicekit.contracts.registry import Envelope, decode, parse_envelope
from tests.support import ServiceUnderTest

APPLY = """
mutation A($input: ApplyForPublicHousingInput!) { applyForPublicHousing(input: $input) {
  id cityCode form appliedOn outcome decidedOn reason subsidyFen endedOn } }"""
DECIDE = """
mutation D($input: DecidePublicHousingInput!) { decidePublicHousing(input: $input) {
  id outcome decidedOn reason subsidyFen } }"""
END = """
mutation E($input: EndPublicHousingInput!) { endPublicHousing(input: $input) { id endedOn } }"""
TENANCY = """
mutation T($input: RegisterTenancyInput!) { registerTenancy(input: $input) {
  id landlordName address countyCode startedOn registeredOn } }"""
QUEUE = """
query Q($city: String!) { publicHousingQueue(cityCode: $city) {
  position priority person { id } application { form appliedOn outcome } } }"""
RECORDS = """
query R($r: [_Any!]!) { _entities(representations: $r) { ... on Person { housing {
  publicHousing { form outcome subsidyFen endedOn } tenancies { address landlordName countyCode } } } } }"""


def apply(person: str, **changes: Any) -> dict[str, Any]:
    return {
        "input": {
            "personId": person,
            "cityCode": "350203",
            "appliedOn": "2019-07-01",
            "form": "IN_KIND",
            **changes,
        }
    }


def tenancy(person: str, **changes: Any) -> dict[str, Any]:
    return {
        "input": {
            "landlordName": "林大伟",
            "address": "厦门市思明区曾厝垵村12号",
            "countyCode": "350203",
            "tenantPersonId": person,
            "startedOn": "2019-03-01",
            **changes,
        }
    }


async def outbox(pool: asyncpg.Pool) -> list[tuple[asyncpg.Record, Envelope]]:
    rows = await pool.fetch("SELECT * FROM event_outbox ORDER BY sequence")
    return [(row, parse_envelope(row["envelope"])) for row in rows]


async def project_poor(service: ServiceUnderTest, person: str, registered_on: str = "2016-05-01") -> None:
    """Social security's registration as housing's projection would hold it."""
    await service.pool.execute(
        """INSERT INTO poverty_registration_facts VALUES ($1, $2, 'H-0001', $3, NULL, 1, $4,
           'fujian.events.social_security.v1.PovertyRegistered', $5)""",
        uuid.uuid4(),
        uuid.UUID(person),
        datetime.fromisoformat(registered_on).date(),
        uuid.uuid4(),
        datetime.now(UTC),
    )


async def test_an_application_is_decided_and_ended_with_one_event_each(service: ServiceUnderTest) -> None:
    person = str(uuid.uuid4())
    applied = (await service.client.data(APPLY, apply(person, form="RENTAL_SUBSIDY")))[
        "applyForPublicHousing"
    ]
    assert (applied["outcome"], applied["decidedOn"], applied["subsidyFen"]) == (None, None, None)
    decided = await service.client.data(
        DECIDE,
        {
            "input": {
                "applicationId": applied["id"],
                "outcome": "SUBSIDY_GRANTED",
                "decidedOn": "2019-08-01",
                "reason": " 符合条件 ",
                "subsidyFen": 60000,
            }
        },
    )
    assert decided["decidePublicHousing"] == {
        "id": applied["id"],
        "outcome": "SUBSIDY_GRANTED",
        "decidedOn": "2019-08-01",
        "reason": "符合条件",
        "subsidyFen": 60000,
    }
    await service.client.data(END, {"input": {"applicationId": applied["id"], "endedOn": "2020-06-30"}})
    [(_, first), (_, second), (row, last)] = await outbox(service.pool)
    state = pb.PublicHousingApplication(
        application_id=applied["id"],
        person_id=person,
        city_code="350203",
        form=pb.HOUSING_FORM_RENTAL_SUBSIDY,
        applied_on="2019-07-01",
    )
    assert decode(first) == pb.PublicHousingApplied(application=state, version=1)
    state.outcome = pb.HOUSING_OUTCOME_SUBSIDY_GRANTED
    state.decided_on, state.reason, state.subsidy_fen = "2019-08-01", "符合条件", 60000
    assert decode(second) == pb.PublicHousingDecided(application=state, version=2)
    state.ended_on = "2020-06-30"
    assert decode(last) == pb.PublicHousingEnded(application=state, version=3)
    assert row["subject_person_id"] == uuid.UUID(person)
    data = await service.client.data(RECORDS, {"r": [{"__typename": "Person", "id": person}]})
    assert data["_entities"][0]["housing"]["publicHousing"] == [
        {"form": "RENTAL_SUBSIDY", "outcome": "SUBSIDY_GRANTED", "subsidyFen": 60000, "endedOn": "2020-06-30"}
    ]


async def test_a_waitlisted_application_is_decided_again_and_then_only_once(
    service: ServiceUnderTest,
) -> None:
    person = str(uuid.uuid4())
    app = (await service.client.data(APPLY, apply(person)))["applyForPublicHousing"]["id"]
    decide = {"applicationId": app, "outcome": "WAITLISTED", "decidedOn": "2019-08-01"}
    await service.client.data(DECIDE, {"input": decide})
    before = await service.client.error(
        DECIDE, {"input": {**decide, "outcome": "ALLOCATED", "decidedOn": "2019-07-31"}}
    )
    assert (before["extensions"]["code"], before["extensions"]["field"]) == ("VALIDATION_FAILED", "decidedOn")
    await service.client.data(
        DECIDE, {"input": {**decide, "outcome": "ALLOCATED", "decidedOn": "2019-09-01"}}
    )
    again = await service.client.error(
        DECIDE, {"input": {**decide, "outcome": "REFUSED", "decidedOn": "2019-10-01"}}
    )
    assert again["extensions"]["code"] == "CONFLICT"
    # An open allocation: the same form cannot be applied for again until it ends.
    dup = await service.client.error(APPLY, apply(person, appliedOn="2019-10-01"))
    assert (dup["extensions"]["code"], dup["extensions"]["field"]) == ("CONFLICT", "form")
    await service.client.data(END, {"input": {"applicationId": app, "endedOn": "2019-12-31"}})
    ended = await service.client.error(END, {"input": {"applicationId": app, "endedOn": "2019-12-31"}})
    assert ended["extensions"]["code"] == "CONFLICT"
    await service.client.data(APPLY, apply(person, appliedOn="2020-01-02"))
    assert [r["event_type"].rsplit(".", 1)[1] for r, _ in await outbox(service.pool)] == [
        "PublicHousingApplied",
        "PublicHousingDecided",
        "PublicHousingDecided",
        "PublicHousingEnded",
        "PublicHousingApplied",
    ]


@pytest.mark.parametrize(
    ("changes", "code", "field"),
    [
        ({"appliedOn": "2999-01-01"}, "VALIDATION_FAILED", "appliedOn"),
        ({"cityCode": "999999"}, "UNKNOWN_REGION", "cityCode"),
        ({"cityCode": "110101"}, "VALIDATION_FAILED", "cityCode"),
        ({"form": "PALACE"}, "BAD_USER_INPUT", None),
        ({"personId": "42"}, "NOT_FOUND", "personId"),
    ],
)
async def test_bad_applications_are_refused_and_nothing_written(
    service: ServiceUnderTest, changes: dict[str, Any], code: str, field: str | None
) -> None:
    error = await service.client.error(APPLY, apply(str(uuid.uuid4()), **changes))
    assert error["extensions"]["code"] == code
    assert error["extensions"].get("field") == field
    assert await service.pool.fetchval("SELECT count(*) FROM public_housing_applications") == 0
    assert await service.pool.fetchval("SELECT count(*) FROM event_outbox") == 0


@pytest.mark.parametrize(
    ("form", "changes", "code", "field"),
    [
        ("IN_KIND", {"outcome": "SUBSIDY_GRANTED", "subsidyFen": 100}, "VALIDATION_FAILED", "outcome"),
        ("RENTAL_SUBSIDY", {"outcome": "ALLOCATED"}, "VALIDATION_FAILED", "outcome"),
        ("RENTAL_SUBSIDY", {"outcome": "SUBSIDY_GRANTED"}, "VALIDATION_FAILED", "subsidyFen"),
        (
            "RENTAL_SUBSIDY",
            {"outcome": "SUBSIDY_GRANTED", "subsidyFen": -1},
            "VALIDATION_FAILED",
            "subsidyFen",
        ),
        ("IN_KIND", {"subsidyFen": 100}, "VALIDATION_FAILED", "subsidyFen"),
        ("IN_KIND", {"decidedOn": "2019-06-30"}, "VALIDATION_FAILED", "decidedOn"),
        ("IN_KIND", {"decidedOn": "2999-01-01"}, "VALIDATION_FAILED", "decidedOn"),
        ("IN_KIND", {"reason": "x" * 201}, "VALIDATION_FAILED", "reason"),
        ("IN_KIND", {"applicationId": str(uuid.uuid4())}, "NOT_FOUND", "applicationId"),
        ("IN_KIND", {"applicationId": "nope"}, "NOT_FOUND", "applicationId"),
    ],
)
async def test_bad_decisions_are_refused(
    service: ServiceUnderTest, form: str, changes: dict[str, Any], code: str, field: str
) -> None:
    app = (await service.client.data(APPLY, apply(str(uuid.uuid4()), form=form)))["applyForPublicHousing"][
        "id"
    ]
    decision = {"applicationId": app, "outcome": "ALLOCATED", "decidedOn": "2019-08-01", **changes}
    error = await service.client.error(DECIDE, {"input": decision})
    assert (error["extensions"]["code"], error["extensions"].get("field")) == (code, field)
    assert await service.pool.fetchval("SELECT count(*) FROM event_outbox") == 1  # the application's


async def test_only_an_allocation_ends_and_not_before_its_decision(service: ServiceUnderTest) -> None:
    app = (await service.client.data(APPLY, apply(str(uuid.uuid4()))))["applyForPublicHousing"]["id"]
    pending = await service.client.error(END, {"input": {"applicationId": app, "endedOn": "2019-12-31"}})
    assert pending["extensions"]["code"] == "CONFLICT"
    await service.client.data(
        DECIDE, {"input": {"applicationId": app, "outcome": "ALLOCATED", "decidedOn": "2019-08-01"}}
    )
    early = await service.client.error(END, {"input": {"applicationId": app, "endedOn": "2019-07-31"}})
    assert (early["extensions"]["code"], early["extensions"]["field"]) == ("VALIDATION_FAILED", "endedOn")


async def test_the_waiting_list_serves_registered_poor_applicants_first(service: ServiceUnderTest) -> None:
    early, poor_late, poor_early, served, elsewhere = (str(uuid.uuid4()) for _ in range(5))
    await service.client.data(APPLY, apply(early, appliedOn="2019-06-01"))
    await service.client.data(APPLY, apply(poor_late, appliedOn="2019-08-01", cityCode="350206"))
    await service.client.data(APPLY, apply(poor_early, appliedOn="2019-07-01", form="RENTAL_SUBSIDY"))
    done = (await service.client.data(APPLY, apply(served, appliedOn="2019-05-20")))["applyForPublicHousing"]
    await service.client.data(
        DECIDE, {"input": {"applicationId": done["id"], "outcome": "ALLOCATED", "decidedOn": "2019-06-01"}}
    )
    await service.client.data(APPLY, apply(elsewhere, appliedOn="2019-05-01", cityCode="350102"))
    for person in (poor_late, poor_early):
        await project_poor(service, person)
    queue = (await service.client.data(QUEUE, {"city": "350200"}))["publicHousingQueue"]
    assert [(q["position"], q["person"]["id"], q["priority"]) for q in queue] == [
        (1, poor_early, True),
        (2, poor_late, True),
        (3, early, False),
    ]
    county = (await service.client.data(QUEUE, {"city": "350206"}))["publicHousingQueue"]
    assert [q["person"]["id"] for q in county] == [poor_late]
    bad = await service.client.error(QUEUE, {"city": "12"})
    assert bad["extensions"]["code"] == "UNKNOWN_REGION"


async def test_a_tenancy_is_registered_with_the_address_masked(service: ServiceUnderTest) -> None:
    person = str(uuid.uuid4())
    registered = (await service.client.data(TENANCY, tenancy(person)))["registerTenancy"]
    assert registered["address"] == "厦门市思明区****"
    assert registered["landlordName"] == "林**"
    assert registered["countyCode"] == "350203"
    data = await service.client.data(RECORDS, {"r": [{"__typename": "Person", "id": person}]})
    assert data["_entities"][0]["housing"]["tenancies"] == [
        {"address": "厦门市思明区****", "landlordName": "林**", "countyCode": "350203"}
    ]
    [(_, envelope)] = await outbox(service.pool)
    event = decode(envelope)
    assert isinstance(event, pb.TenancyRegistered)
    assert (event.person_id, event.county_code, event.started_on, event.version) == (
        person,
        "350203",
        "2019-03-01",
        1,
    )
    assert "曾厝垵" not in envelope.SerializeToString().decode("utf-8", "ignore")  # no address on the bus
    again = await service.client.error(TENANCY, tenancy(person))
    assert again["extensions"]["code"] == "CONFLICT"


@pytest.mark.parametrize(
    ("changes", "code", "field"),
    [
        ({"address": "  "}, "VALIDATION_FAILED", "address"),
        ({"address": "村" * 201}, "VALIDATION_FAILED", "address"),
        ({"landlordName": ""}, "VALIDATION_FAILED", "landlordName"),
        ({"landlordName": "林" * 51}, "VALIDATION_FAILED", "landlordName"),
        ({"countyCode": "350200"}, "VALIDATION_FAILED", "countyCode"),
        ({"countyCode": "359999"}, "UNKNOWN_REGION", "countyCode"),
        ({"startedOn": "2999-01-01"}, "VALIDATION_FAILED", "startedOn"),
        ({"tenantPersonId": "x"}, "NOT_FOUND", "tenantPersonId"),
    ],
)
async def test_bad_tenancies_are_refused(
    service: ServiceUnderTest, changes: dict[str, Any], code: str, field: str
) -> None:
    error = await service.client.error(TENANCY, tenancy(str(uuid.uuid4()), **changes))
    assert (error["extensions"]["code"], error["extensions"].get("field")) == (code, field)
    assert await service.pool.fetchval("SELECT count(*) FROM tenancy_registrations") == 0
