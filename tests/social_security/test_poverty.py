"""Social security: poverty registration (建档立卡) — register, lift, re-register, history."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from tests.support import ServiceUnderTest

REGISTER = """
mutation R($input: RegisterPovertyInput!) {
  registerPoverty(input: $input) { id householdNumber registeredOn liftedOn status person { id } }
}"""
LIFT = """
mutation L($input: LiftPovertyInput!) { liftPoverty(input: $input) { liftedOn status } }
"""
ENTITY = """
query E($r: [_Any!]!) { _entities(representations: $r) { ... on Person {
  id socialSecurity {
    povertyRegistration { status householdNumber registeredOn liftedOn
                          before: status(asOf: "2015-01-01") }
    povertyHistory { registeredOn liftedOn }
  } } } }"""


def register_input(person_id: str, **changes: Any) -> dict[str, Any]:
    return {
        "input": {
            "personId": person_id,
            "householdNumber": "350121-00001",
            "registeredOn": "2015-03-01",
            **changes,
        }
    }


async def test_register_lift_and_register_again(service: ServiceUnderTest) -> None:
    person = str(uuid.uuid4())
    registered = (await service.client.data(REGISTER, register_input(person)))["registerPoverty"]
    assert registered["status"] == "REGISTERED"
    assert registered["person"] == {"id": person}
    lifted = await service.client.data(LIFT, {"input": {"personId": person, "liftedOn": "2019-12-31"}})
    assert lifted["liftPoverty"] == {"liftedOn": "2019-12-31", "status": "LIFTED"}
    await service.client.data(REGISTER, register_input(person, registeredOn="2021-06-01"))
    data = await service.client.data(ENTITY, {"r": [{"__typename": "Person", "id": person}]})
    social = data["_entities"][0]["socialSecurity"]
    assert social["povertyRegistration"]["registeredOn"] == "2021-06-01"
    assert social["povertyRegistration"]["before"] == "REGISTERED"
    assert [h["liftedOn"] for h in social["povertyHistory"]] == ["2019-12-31", None]


async def test_person_never_registered_has_no_registration(service: ServiceUnderTest) -> None:
    data = await service.client.data(
        ENTITY,
        {
            "r": [
                {"__typename": "Person", "id": str(uuid.uuid4())},
                {"__typename": "Person", "id": "not-a-uuid"},
            ]
        },
    )
    assert data["_entities"][0]["socialSecurity"]["povertyRegistration"] is None
    assert data["_entities"][1] is None


@pytest.mark.parametrize(
    ("changes", "code", "field"),
    [
        ({"householdNumber": "x"}, "VALIDATION_FAILED", "householdNumber"),
        ({"registeredOn": "2999-01-01"}, "VALIDATION_FAILED", "registeredOn"),
        ({"personId": "42"}, "NOT_FOUND", "personId"),
    ],
)
async def test_bad_input_is_rejected_and_nothing_is_written(
    service: ServiceUnderTest, changes: dict[str, str], code: str, field: str
) -> None:
    error = await service.client.error(REGISTER, register_input(str(uuid.uuid4()), **changes))
    assert (error["extensions"]["code"], error["extensions"]["field"]) == (code, field)
    assert await service.pool.fetchval("SELECT count(*) FROM poverty_registrations") == 0


async def test_conflicts(service: ServiceUnderTest) -> None:
    person = str(uuid.uuid4())
    error = await service.client.error(LIFT, {"input": {"personId": person, "liftedOn": "2019-01-01"}})
    assert error["extensions"]["code"] == "CONFLICT"
    await service.client.data(REGISTER, register_input(person))
    error = await service.client.error(REGISTER, register_input(person))
    assert error["extensions"]["code"] == "CONFLICT"
    error = await service.client.error(LIFT, {"input": {"personId": person, "liftedOn": "2010-01-01"}})
    assert (error["extensions"]["code"], error["extensions"]["field"]) == ("VALIDATION_FAILED", "liftedOn")
    assert await service.pool.fetchval("SELECT count(*) FROM poverty_registrations") == 1


async def test_household_lists_its_members(service: ServiceUnderTest) -> None:
    members = [str(uuid.uuid4()) for _ in range(3)]
    for m in members:
        await service.client.data(REGISTER, register_input(m, householdNumber="350121-00077"))
    data = await service.client.data(
        "query H($h: String!) { povertyHousehold(householdNumber: $h) { person { id } } }",
        {"h": "350121-00077"},
    )
    assert sorted(r["person"]["id"] for r in data["povertyHousehold"]) == sorted(members)
