"""Social security's entitlements through its subgraph: `Person.socialSecurity.entitlements
(asOf)` decides from its own records and its projections of settlement's facts, and cites
both; a person settlement's event has not reached yet is asked for."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from tests.kit.test_batching import sql_statements
from tests.social_security.test_poverty import REGISTER, register_input
from tests.social_security.test_records import ENROL, GRANT, enrol, grant
from tests.support import ServiceUnderTest

ENTITLEMENTS = """
query E($r: [_Any!]!, $asOf: Date) { _entities(representations: $r) { ... on Person {
  socialSecurity { entitlements(asOf: $asOf) {
    code status asOf validFrom validTo eligibleFrom rulesVersion department
    legalBasis { document clause quote }
    amount { fen currency period }
    reasons { code met missing { fact department }
              facts { name value department recordId version eventId eventType } }
    guide { who { zh en } }
  } } } } }"""


async def project_person(service: ServiceUnderTest, person: uuid.UUID, *, rural: bool = True) -> None:
    """Settlement's facts as social security's projections would hold them after its events."""
    now = datetime.now(UTC)
    await service.pool.execute(
        """INSERT INTO person_facts VALUES ($1, '1985-03-01', 'FEMALE', 1, $2,
           'fujian.events.settlement.v1.PersonRegistered', $3)""",
        person,
        uuid.uuid4(),
        now,
    )
    await service.pool.execute(
        """INSERT INTO hukou_facts VALUES ($1, $2, '350821', '2000-01-01', 1, $3,
           'fujian.events.settlement.v1.HukouChanged', $4)""",
        person,
        "RURAL" if rural else "URBAN",
        uuid.uuid4(),
        now,
    )
    await service.pool.execute(
        """INSERT INTO residence_period_facts VALUES ($1, $2, '350203', '2018-06-01', NULL, 1, $3,
           'fujian.events.settlement.v1.ResidencePeriodRecorded', $4)""",
        uuid.uuid4(),
        person,
        uuid.uuid4(),
        now,
    )


async def entitlements(service: ServiceUnderTest, persons: list[str], as_of: str | None) -> list[Any]:
    data = await service.client.data(
        ENTITLEMENTS, {"r": [{"__typename": "Person", "id": p} for p in persons], "asOf": as_of}
    )
    return [{e["code"]: e for e in entity["socialSecurity"]["entitlements"]} for entity in data["_entities"]]


async def test_a_target_person_with_dibao_and_lost_job(service: ServiceUnderTest) -> None:
    person = uuid.uuid4()
    await project_person(service, person)
    await service.client.data(REGISTER, register_input(str(person), registeredOn="2016-05-01"))
    await service.client.data(GRANT, grant(str(person), endsOn="2019-12-31"))
    enrolment = (await service.client.data(ENROL, enrol(str(person), workerContributes=False)))[
        "enrolInsurance"
    ]
    await service.client.data(
        """mutation X($input: EndInsuranceInput!) { endInsurance(input: $input) { id } }""",
        {"input": {"enrolmentId": enrolment["id"], "endedOn": "2019-09-30", "reason": "JOB_LOST"}},
    )

    [by_code] = await entitlements(service, [str(person)], "2019-10-01")
    assert len(by_code) == 9
    dibao = by_code["SOCIAL_SECURITY_DIBAO"]
    assert (dibao["status"], dibao["validTo"], dibao["amount"]) == (
        "GRANTED",
        "2019-12-31",
        {"fen": 70000, "currency": "CNY", "period": "MONTHLY"},
    )
    assert dibao["legalBasis"]["clause"] == "（十一）"
    assert dibao["rulesVersion"].startswith("social-security@")
    assert dibao["guide"]["who"]["zh"]
    [fact] = dibao["reasons"][0]["facts"]
    assert (fact["department"], fact["version"]) == ("social-security", 1)

    subsidy = by_code["SOCIAL_SECURITY_UNEMPLOYMENT_LIVING_SUBSIDY"]
    assert (subsidy["status"], subsidy["validFrom"], subsidy["amount"]) == ("ELIGIBLE", "2019-09-30", None)
    assert by_code["SOCIAL_SECURITY_UNEMPLOYMENT_BENEFIT"]["status"] == "INELIGIBLE"

    pension = by_code["SOCIAL_SECURITY_EMPLOYEE_PENSION"]
    assert [r["code"] for r in pension["reasons"]] == ["TARGET_PERSON", "EMPLOYER_ENROLS"]
    # The target test cites settlement's events as social security's projections hold them.
    projected = [f for f in pension["reasons"][0]["facts"] if f["department"] == "settlement"]
    assert {f["eventType"] for f in projected} == {
        "fujian.events.settlement.v1.HukouChanged",
        "fujian.events.settlement.v1.ResidencePeriodRecorded",
    }
    assert all(f["eventId"] for f in projected)

    # A year earlier she had not been in the city for a year; and the dibao came later.
    [earlier] = await entitlements(service, [str(person)], "2019-05-31")
    assert earlier["SOCIAL_SECURITY_DIBAO"]["status"] == "INELIGIBLE"
    assert earlier["SOCIAL_SECURITY_DIBAO"]["eligibleFrom"] == "2019-06-01"
    [before] = await entitlements(service, [str(person)], "2019-05-16")
    assert {e["status"] for e in before.values()} == {"NOT_APPLICABLE"}


async def test_a_person_unknown_to_the_projection_is_asked_for_from_settlement(
    service: ServiceUnderTest,
) -> None:
    person = str(uuid.uuid4())
    await service.client.data(REGISTER, register_input(person))
    [by_code] = await entitlements(service, [person], "2020-01-01")
    for decision in by_code.values():
        assert decision["status"] == "NEEDS_INFORMATION"
        assert [r["missing"] for r in decision["reasons"]] == [{"fact": "person", "department": "settlement"}]


async def test_many_persons_in_one_request_cost_the_same_statements(
    service: ServiceUnderTest, spans: InMemorySpanExporter
) -> None:
    persons = [uuid.uuid4() for _ in range(5)]
    for p in persons:
        await project_person(service, p, rural=p != persons[0])
        await service.client.data(REGISTER, register_input(str(p), registeredOn="2016-05-01"))
    counts = []
    for ids in (persons[:1], persons):
        spans.clear()
        found = await entitlements(service, [str(i) for i in ids], "2020-01-01")
        counts.append(sql_statements(spans))
    assert found[0]["SOCIAL_SECURITY_DIBAO"]["status"] == "INELIGIBLE"  # urban hukou
    assert [p["SOCIAL_SECURITY_DIBAO"]["status"] for p in found[1:]] == ["ELIGIBLE"] * 4
    # One statement per loader (eight), whatever the number of persons.
    assert counts[0] == counts[1], counts
