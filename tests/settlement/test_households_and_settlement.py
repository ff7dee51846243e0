"""Households (户) and applications to settle (落户): validation, idempotent retries, the
events emitted, the rural-rights guarantee (十六), and Person.settlement.entitlements."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from fujian.events.settlement.v1 import events_pb2 as pb
from settlement.app import SPEC
from tests.conftest import ServeFactory
from tests.kit.test_batching import sql_statements
from tests.settlement.helpers import HUKOU, PERIOD, outbox, outbox_count, register
from tests.support import ServiceUnderTest

CREATE = """
mutation Create($input: CreateHouseholdInput!) {
  createHousehold(input: $input) {
    id region { code } createdOn members { person { id } relation joinedOn leftOn }
  }
}"""
ADD = """
mutation Add($input: AddHouseholdMemberInput!) {
  addHouseholdMember(input: $input) { id members { person { id } relation joinedOn leftOn } }
}"""
REMOVE = """
mutation Remove($input: RemoveHouseholdMemberInput!) {
  removeHouseholdMember(input: $input) { id members { person { id } relation leftOn } }
}"""
APPLY = """
mutation Apply($input: ApplyForSettlementInput!) {
  applyForSettlement(input: $input) { id outcome appliedOn region { code } }
}"""
DECIDE = """
mutation Decide($input: DecideSettlementInput!) {
  decideSettlement(input: $input) {
    id outcome decidedOn reason
    ruralRightsKept { landContract homestead collectiveIncome }
  }
}"""
SETTLEMENT = """
query Settlement($id: ID!, $asOf: Date) {
  person(id: $id) {
    hukou { type region { code } recordedOn }
    settlement {
      household { id members { person { id } relation joinedOn } }
      applications { id outcome ruralRightsKept { landContract homestead collectiveIncome } }
      entitlements(asOf: $asOf) {
        code status validFrom validTo eligibleFrom rulesVersion
        legalBasis { clause }
        reasons { code met missing { fact department } facts { name department recordId } }
        guide { who { zh en } }
      }
    }
  }
}"""

ENTITIES = """
query E($r: [_Any!]!) { _entities(representations: $r) { ... on Person {
  settlement {
    household { members { relation person { id } } }
    entitlements(asOf: "2021-01-01") { code status }
  }
} } }"""

RIGHTS = {"landContract": True, "homestead": True, "collectiveIncome": True}


def key() -> dict[str, str]:
    return {"Idempotency-Key": str(uuid.uuid4())}


async def household(client: Any, head: str, created_on: str = "2010-01-01") -> str:
    data = await client.data(
        CREATE, {"input": {"headPersonId": head, "regionCode": "350821", "createdOn": created_on}}
    )
    household_id: str = data["createHousehold"]["id"]
    return household_id


async def test_a_household_links_its_members_and_publishes_each_joining_and_leaving(
    settlement: ServiceUnderTest,
) -> None:
    client = settlement.client
    head, child = await register(client), await register(client, name="林小华")
    created = await client.data(
        CREATE, {"input": {"headPersonId": head, "regionCode": "350821", "createdOn": "2010-01-01"}}
    )
    household_id = created["createHousehold"]["id"]
    assert created["createHousehold"]["members"] == [
        {"person": {"id": head}, "relation": "HEAD", "joinedOn": "2010-01-01", "leftOn": None}
    ]
    added = await client.data(
        ADD,
        {
            "input": {
                "householdId": household_id,
                "personId": child,
                "relation": "CHILD",
                "joinedOn": "2012-04-05",
            }
        },
    )
    assert [m["relation"] for m in added["addHouseholdMember"]["members"]] == ["HEAD", "CHILD"]
    removed = await client.data(
        REMOVE, {"input": {"householdId": household_id, "personId": child, "leftOn": "2020-09-01"}}
    )
    assert removed["removeHouseholdMember"]["members"][1]["leftOn"] == "2020-09-01"

    emitted = [e for e in await outbox(settlement.pool) if "HouseholdMember" in e.type]
    assert [e.type.rsplit(".", 1)[1] for e in emitted] == [
        "HouseholdMemberJoined",
        "HouseholdMemberJoined",
        "HouseholdMemberLeft",
    ]
    assert [e.envelope.subject_id for e in emitted] == [head, child, child]
    assert emitted[2].event == pb.HouseholdMemberLeft(
        membership=pb.HouseholdMembership(
            household_id=household_id,
            person_id=child,
            relation=pb.HOUSEHOLD_RELATION_CHILD,
            head_person_id=head,
            region_code="350821",
            joined_on="2012-04-05",
            left_on="2020-09-01",
        ),
        version=2,
    )
    data = await client.data(SETTLEMENT, {"id": head})
    assert data["person"]["settlement"]["household"]["id"] == household_id
    data = await client.data(SETTLEMENT, {"id": child})
    assert data["person"]["settlement"]["household"] is None


async def test_one_household_at_a_time_unknown_ids_and_future_dates_are_refused(
    settlement: ServiceUnderTest,
) -> None:
    client = settlement.client
    head, other = await register(client), await register(client)
    household_id = await household(client, head)
    before = await outbox_count(settlement.pool)

    error = await client.error(
        CREATE, {"input": {"headPersonId": head, "regionCode": "350821", "createdOn": "2011-01-01"}}
    )
    assert (error["extensions"]["code"], error["extensions"]["field"]) == ("CONFLICT", "headPersonId")
    error = await client.error(
        ADD,
        {
            "input": {
                "householdId": household_id,
                "personId": head,
                "relation": "SPOUSE",
                "joinedOn": "2011-01-01",
            }
        },
    )
    assert (error["extensions"]["code"], error["extensions"]["field"]) == ("CONFLICT", "personId")
    error = await client.error(
        ADD,
        {
            "input": {
                "householdId": str(uuid.uuid4()),
                "personId": other,
                "relation": "SPOUSE",
                "joinedOn": "2011-01-01",
            }
        },
    )
    assert (error["extensions"]["code"], error["extensions"]["field"]) == ("NOT_FOUND", "householdId")
    error = await client.error(
        ADD,
        {
            "input": {
                "householdId": household_id,
                "personId": str(uuid.uuid4()),
                "relation": "SPOUSE",
                "joinedOn": "2011-01-01",
            }
        },
    )
    assert (error["extensions"]["code"], error["extensions"]["field"]) == ("NOT_FOUND", "personId")
    tomorrow = (date.today() + timedelta(days=2)).isoformat()
    error = await client.error(
        ADD,
        {
            "input": {
                "householdId": household_id,
                "personId": other,
                "relation": "SPOUSE",
                "joinedOn": tomorrow,
            }
        },
    )
    assert (error["extensions"]["code"], error["extensions"]["field"]) == ("VALIDATION_FAILED", "joinedOn")
    error = await client.error(
        ADD,
        {
            "input": {
                "householdId": household_id,
                "personId": other,
                "relation": "HEAD",
                "joinedOn": "2011-01-01",
            }
        },
    )
    assert (error["extensions"]["code"], error["extensions"]["field"]) == ("VALIDATION_FAILED", "relation")
    error = await client.error(
        REMOVE, {"input": {"householdId": household_id, "personId": other, "leftOn": "2011-01-01"}}
    )
    assert (error["extensions"]["code"], error["extensions"]["field"]) == ("NOT_FOUND", "personId")
    assert await outbox_count(settlement.pool) == before


async def test_a_retried_household_mutation_changes_nothing_more(settlement: ServiceUnderTest) -> None:
    client = settlement.client
    head, spouse = await register(client), await register(client)
    household_id = await household(client, head)
    variables = {
        "input": {
            "householdId": household_id,
            "personId": spouse,
            "relation": "SPOUSE",
            "joinedOn": "2010-01-01",
        }
    }
    headers = key()
    first = await client.data(ADD, variables, headers)
    before = await outbox_count(settlement.pool)
    again = await client.data(ADD, variables, headers)
    assert again == first
    assert await outbox_count(settlement.pool) == before


async def test_approval_records_the_urban_hukou_and_keeps_the_rural_rights(
    settlement: ServiceUnderTest,
) -> None:
    client = settlement.client
    person = await register(client)
    await client.data(
        HUKOU,
        {"input": {"personId": person, "type": "RURAL", "regionCode": "350821", "recordedOn": "2000-01-01"}},
    )
    rights = {"landContract": True, "homestead": False, "collectiveIncome": True}
    applied = await client.data(
        APPLY,
        {
            "input": {
                "personId": person,
                "regionCode": "350203",
                "appliedOn": "2020-06-01",
                "ruralRights": rights,
            }
        },
    )
    application_id = applied["applyForSettlement"]["id"]
    assert applied["applyForSettlement"]["outcome"] is None
    error = await client.error(
        APPLY,
        {
            "input": {
                "personId": person,
                "regionCode": "350203",
                "appliedOn": "2020-06-02",
                "ruralRights": RIGHTS,
            }
        },
    )
    assert (error["extensions"]["code"], error["extensions"]["field"]) == ("CONFLICT", "personId")

    headers = key()
    variables = {"input": {"applicationId": application_id, "outcome": "APPROVED", "decidedOn": "2020-07-01"}}
    decided = await client.data(DECIDE, variables, headers)
    assert decided["decideSettlement"]["ruralRightsKept"] == rights
    count = await outbox_count(settlement.pool)
    assert await client.data(DECIDE, variables, headers) == decided  # an idempotent retry
    assert await outbox_count(settlement.pool) == count

    emitted = await outbox(settlement.pool)
    hukou, decision = emitted[-2], emitted[-1]
    assert hukou.event == pb.HukouChanged(
        person_id=person,
        hukou_type=pb.HUKOU_TYPE_URBAN,
        region_code="350203",
        recorded_on="2020-07-01",
        version=2,
    )
    assert decision.type == "fujian.events.settlement.v1.SettlementDecided"
    assert decision.envelope.subject_id == person
    assert decision.event.outcome == pb.SETTLEMENT_OUTCOME_APPROVED
    assert decision.event.rural_rights_kept == pb.RuralRightsKept(land_contract=True, collective_income=True)

    data = await client.data(SETTLEMENT, {"id": person, "asOf": "2020-07-01"})
    assert data["person"]["hukou"] == {
        "type": "URBAN",
        "region": {"code": "350203"},
        "recordedOn": "2020-07-01",
    }
    by_code = {e["code"]: e for e in data["person"]["settlement"]["entitlements"]}
    kept = by_code["SETTLEMENT_RURAL_RIGHTS_RETAINED"]
    assert (kept["status"], kept["validFrom"], kept["legalBasis"]["clause"]) == (
        "GRANTED",
        "2020-07-01",
        "（十六）",
    )
    assert [r["code"] for r in kept["reasons"]] == [
        "LAND_CONTRACT_RIGHT_KEPT",
        "HOMESTEAD_USE_RIGHT_KEPT",
        "COLLECTIVE_INCOME_RIGHT_KEPT",
    ]
    assert kept["reasons"][0]["facts"][0]["recordId"] == application_id
    assert by_code["SETTLEMENT_HUKOU_PRIORITY"]["status"] == "GRANTED"


async def test_no_input_can_make_giving_up_the_homestead_a_condition(settlement: ServiceUnderTest) -> None:
    """(十六) 不得以退出宅基地使用权作为农民进城落户条件: the decision has no conditions at all."""
    data = await settlement.client.data(
        """{ apply: __type(name: "ApplyForSettlementInput") { inputFields { name } }
             decide: __type(name: "DecideSettlementInput") { inputFields { name } } }"""
    )
    names = {f["name"] for t in ("apply", "decide") for f in data[t]["inputFields"]}
    assert names == {
        "personId",
        "regionCode",
        "appliedOn",
        "ruralRights",
        "applicationId",
        "outcome",
        "decidedOn",
        "reason",
    }


async def test_a_refusal_needs_a_reason_and_a_decision_is_made_once(settlement: ServiceUnderTest) -> None:
    client = settlement.client
    person = await register(client)
    applied = await client.data(
        APPLY,
        {
            "input": {
                "personId": person,
                "regionCode": "350102",
                "appliedOn": "2021-01-04",
                "ruralRights": RIGHTS,
            }
        },
    )
    application_id = applied["applyForSettlement"]["id"]
    refuse = {"applicationId": application_id, "outcome": "REFUSED", "decidedOn": "2021-02-01"}
    error = await client.error(DECIDE, {"input": {**refuse, "reason": "  "}})
    assert (error["extensions"]["code"], error["extensions"]["field"]) == ("VALIDATION_FAILED", "reason")
    error = await client.error(DECIDE, {"input": {**refuse, "decidedOn": "2020-12-31", "reason": "材料不全"}})
    assert (error["extensions"]["code"], error["extensions"]["field"]) == ("VALIDATION_FAILED", "decidedOn")
    error = await client.error(
        DECIDE, {"input": {**refuse, "applicationId": str(uuid.uuid4()), "reason": "x"}}
    )
    assert (error["extensions"]["code"], error["extensions"]["field"]) == ("NOT_FOUND", "applicationId")
    refused = await client.data(DECIDE, {"input": {**refuse, "reason": "材料不全"}})
    assert refused["decideSettlement"]["ruralRightsKept"] is None
    error = await client.error(DECIDE, {"input": {**refuse, "outcome": "APPROVED"}})
    assert (error["extensions"]["code"], error["extensions"]["field"]) == ("CONFLICT", "applicationId")
    [decision] = [e for e in await outbox(settlement.pool) if e.type.endswith("SettlementDecided")]
    assert decision.event.reason == "材料不全"
    data = await client.data(SETTLEMENT, {"id": person})
    assert data["person"]["hukou"] is None  # a refusal records no hukou


async def test_entitlements_as_of_a_date_explain_themselves(settlement: ServiceUnderTest) -> None:
    client = settlement.client
    person = await register(client)
    await client.data(
        HUKOU,
        {"input": {"personId": person, "type": "RURAL", "regionCode": "350821", "recordedOn": "2000-01-01"}},
    )
    await client.data(
        PERIOD, {"input": {"personId": person, "cityCode": "350203", "startedOn": "2018-06-01"}}
    )
    data = await client.data(SETTLEMENT, {"id": person, "asOf": "2019-05-31"})
    by_code = {e["code"]: e for e in data["person"]["settlement"]["entitlements"]}
    assert set(by_code) == {
        "SETTLEMENT_RESIDENCE_PERMIT",
        "SETTLEMENT_HUKOU_PRIORITY",
        "SETTLEMENT_RURAL_RIGHTS_RETAINED",
    }
    permit = by_code["SETTLEMENT_RESIDENCE_PERMIT"]
    assert permit["status"] == "ELIGIBLE"
    assert [r["code"] for r in permit["reasons"]] == ["LIVING_OUTSIDE_HUKOU_CITY", "NO_VALID_PERMIT"]
    assert permit["guide"]["who"]["zh"]
    assert permit["rulesVersion"].startswith("settlement@")
    priority = by_code["SETTLEMENT_HUKOU_PRIORITY"]
    # Not registered poor in settlement's projection: social security has not said so.
    assert priority["status"] == "INELIGIBLE"
    assert "NOT_REGISTERED_POOR" in [r["code"] for r in priority["reasons"]]
    before = await client.data(SETTLEMENT, {"id": person, "asOf": "2019-05-16"})
    assert {e["status"] for e in before["person"]["settlement"]["entitlements"]} == {"NOT_APPLICABLE"}


async def test_entitlements_of_many_persons_cost_a_fixed_number_of_statements(
    serve: ServeFactory, spans: InMemorySpanExporter
) -> None:
    service = await serve(SPEC)
    client = service.client
    persons = [await register(client) for _ in range(6)]
    for person in persons:
        await household(client, person)
    counts = []
    for n in (1, 6):
        spans.clear()
        reps = [{"__typename": "Person", "id": p} for p in persons[:n]]
        data = await client.data(ENTITIES, {"r": reps})
        assert all(len(p["settlement"]["entitlements"]) == 3 for p in data["_entities"])
        counts.append(sql_statements(spans))
    assert counts[0] == counts[1], counts
