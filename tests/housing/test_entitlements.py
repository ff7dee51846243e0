"""Housing's entitlements through its subgraph: `Person.housing.entitlements(asOf)` decides
from its own applications and its projections of settlement's, social security's and
employment's facts, and cites them."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any

from tests.housing.test_records import APPLY, DECIDE, apply
from tests.support import ServiceUnderTest

ENTITLEMENTS = """
query E($r: [_Any!]!, $asOf: Date) { _entities(representations: $r) { ... on Person {
  housing { entitlements(asOf: $asOf) {
    code status validFrom validTo eligibleFrom department
    legalBasis { clause quote }
    amount { fen period }
    reasons { code met missing { fact department } facts { name department eventType } }
  } } } } }"""


async def project(service: ServiceUnderTest, person: uuid.UUID, *, industry: str = "SERVICES") -> None:
    """Settlement's, social security's and employment's facts as housing's projections
    would hold them after their events."""
    now = datetime.now(UTC)
    await service.pool.execute(
        """INSERT INTO hukou_facts VALUES ($1, 'RURAL', '350821', '2000-01-01', 1, $2,
           'fujian.events.settlement.v1.HukouChanged', $3)""",
        person,
        uuid.uuid4(),
        now,
    )
    await service.pool.execute(
        """INSERT INTO residence_period_facts VALUES ($1, $2, '350203', '2017-06-01', NULL, 1, $3,
           'fujian.events.settlement.v1.ResidencePeriodRecorded', $4)""",
        uuid.uuid4(),
        person,
        uuid.uuid4(),
        now,
    )
    await service.pool.execute(
        """INSERT INTO poverty_registration_facts VALUES ($1, $2, 'H-0001', '2016-05-01', NULL, 1, $3,
           'fujian.events.social_security.v1.PovertyRegistered', $4)""",
        uuid.uuid4(),
        person,
        uuid.uuid4(),
        now,
    )
    await service.pool.execute(
        """INSERT INTO employment_facts (employment_id, person_id, employer, industry, city_code,
           started_on, ended_on, version, source_event_id, source_event_type, source_occurred_at)
           VALUES ($1, $2, '厦门市环境卫生中心', $3, '350203', $4, NULL, 1, $5,
           'fujian.events.employment.v1.EmploymentStarted', $6)""",
        uuid.uuid4(),
        person,
        industry,
        date(2017, 6, 1),
        uuid.uuid4(),
        now,
    )


async def entitlements(service: ServiceUnderTest, person: uuid.UUID, as_of: str) -> dict[str, Any]:
    data = await service.client.data(
        ENTITLEMENTS, {"r": [{"__typename": "Person", "id": str(person)}], "asOf": as_of}
    )
    return {e["code"]: e for e in data["_entities"][0]["housing"]["entitlements"]}


async def test_a_poor_worker_in_her_city_has_priority_citing_every_owner(service: ServiceUnderTest) -> None:
    person = uuid.uuid4()
    await project(service, person)
    found = await entitlements(service, person, "2019-09-01")
    priority = found["HOUSING_PUBLIC_RENTAL_PRIORITY"]
    assert priority["status"] == "ELIGIBLE"
    assert priority["legalBasis"]["clause"] == "（十二）"
    assert [r["code"] for r in priority["reasons"]] == ["TARGET_PERSON", "EMPLOYED_IN_CITY", "PRIORITY"]
    cited = {f["department"] for r in priority["reasons"] for f in r["facts"]}
    assert cited == {"settlement", "social-security", "employment", "policy"}  # policy: the one year
    employed = priority["reasons"][1]["facts"][0]
    assert employed["eventType"] == "fujian.events.employment.v1.EmploymentStarted"
    subsidy = found["HOUSING_RENTAL_SUBSIDY"]
    assert (subsidy["status"], subsidy["amount"]) == ("ELIGIBLE", None)
    assert found["HOUSING_TARGETED_INDUSTRY"]["status"] == "INELIGIBLE"


async def test_without_employment_the_place_of_work_is_asked_for(service: ServiceUnderTest) -> None:
    person = uuid.uuid4()
    await project(service, person)
    await service.pool.execute("DELETE FROM employment_facts WHERE person_id = $1", person)
    found = await entitlements(service, person, "2019-09-01")
    for code in ("HOUSING_PUBLIC_RENTAL_PRIORITY", "HOUSING_TARGETED_INDUSTRY"):
        assert found[code]["status"] == "NEEDS_INFORMATION"
        assert found[code]["reasons"][0]["missing"] == {"fact": "employment", "department": "employment"}


async def test_allocations_and_subsidies_are_granted_from_their_decision(service: ServiceUnderTest) -> None:
    person = uuid.uuid4()
    await project(service, person, industry="SANITATION")
    for form, outcome, subsidy in (
        ("IN_KIND", "ALLOCATED", None),
        ("RENTAL_SUBSIDY", "SUBSIDY_GRANTED", 60000),
        ("TARGETED_INDUSTRY", "ALLOCATED", None),
    ):
        app = (await service.client.data(APPLY, apply(str(person), form=form)))["applyForPublicHousing"]["id"]
        decision = {
            "applicationId": app,
            "outcome": outcome,
            "decidedOn": "2019-08-01",
            "subsidyFen": subsidy,
        }
        await service.client.data(DECIDE, {"input": decision})
    pending = await entitlements(service, person, "2019-07-15")
    assert [r["code"] for r in pending["HOUSING_TARGETED_INDUSTRY"]["reasons"]] == [
        "TARGETED_INDUSTRY",
        "APPLICATION_PENDING",
    ]
    found = await entitlements(service, person, "2019-08-01")
    assert {code: e["status"] for code, e in found.items()} == {
        "HOUSING_PUBLIC_RENTAL_PRIORITY": "GRANTED",
        "HOUSING_RENTAL_SUBSIDY": "GRANTED",
        "HOUSING_TARGETED_INDUSTRY": "GRANTED",
    }
    assert found["HOUSING_PUBLIC_RENTAL_PRIORITY"]["validFrom"] == "2019-08-01"
    assert found["HOUSING_RENTAL_SUBSIDY"]["amount"] == {"fen": 60000, "period": "MONTHLY"}
