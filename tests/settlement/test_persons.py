"""Settlement: register persons, look them up, page through a region, reject bad input."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from tests.ids import make_id_number
from tests.support import GraphQLClient, ServiceUnderTest, caller

REGISTER = """
mutation Register($input: RegisterPersonInput!) {
  registerPerson(input: $input) { id name sex birthDate idNumber hukou { type } }
}"""
PERSON = """
query Person($id: ID!) {
  person(id: $id) {
    id name idNumber
    hukou { type region { code name } recordedOn }
    hukouHistory { type region { code } recordedOn }
    residencePermits { id city { code name } issuedOn validUntil revokedOn status }
    residenceHistory { city { code } startedOn endedOn }
  }
}"""
BY_ID_NUMBER = "query ByIdNumber($n: String!) { personByIdNumber(idNumber: $n) { id } }"


async def register(client: GraphQLClient, **fields: Any) -> dict[str, Any]:
    data = await client.data(REGISTER, {"input": {"name": "林小梅", "idNumber": make_id_number(), **fields}})
    person: dict[str, Any] = data["registerPerson"]
    return person


async def count_persons(settlement: ServiceUnderTest) -> int:
    value = await settlement.pool.fetchval("SELECT count(*) FROM persons")
    return int(value)


async def test_register_derives_sex_and_birth_date_and_masks_the_id_number(
    settlement: ServiceUnderTest,
) -> None:
    number = make_id_number("350102", date(1990, 1, 1), 123)  # odd serial → male
    person = await register(settlement.client, idNumber=number)
    assert person["sex"] == "MALE"
    assert person["birthDate"] == "1990-01-01"
    assert person["idNumber"] == number[:6] + "*" * 12
    assert person["id"] != number and number not in person["id"]
    assert person["hukou"] is None


async def test_unmasked_id_number_needs_the_scope(settlement: ServiceUnderTest) -> None:
    number = make_id_number()
    person = await register(settlement.client, idNumber=number)
    query = "query P($id: ID!) { person(id: $id) { idNumber } }"
    officer = caller("officer-1", "person:read", "settlement:id-number:read")
    data = await settlement.client.data(query, {"id": person["id"]}, as_caller=officer)
    assert data["person"]["idNumber"] == number


async def test_lookup_by_id_number_finds_the_person_and_lowercase_x_is_accepted(
    settlement: ServiceUnderTest,
) -> None:
    number = make_id_number("350102", date(1985, 6, 1), 4)
    person = await register(settlement.client, idNumber=number)
    data = await settlement.client.data(BY_ID_NUMBER, {"n": number.lower()})
    assert data["personByIdNumber"]["id"] == person["id"]
    other = make_id_number("350102", date(1985, 6, 2), 4)
    assert (await settlement.client.data(BY_ID_NUMBER, {"n": other}))["personByIdNumber"] is None


@pytest.mark.parametrize(
    ("id_number", "message_part"),
    [
        (make_id_number()[:-1] + ("0" if make_id_number()[-1] != "0" else "1"), "check digit"),
        ("35010219900101123", "18 characters"),
        ("3501021990010112AB", "17 digits"),
        (make_id_number(birth=date(2099, 1, 1)), "future"),
        (make_id_number(region="999999"), "birthplace"),
    ],
)
async def test_invalid_id_numbers_are_rejected_and_nothing_is_written(
    settlement: ServiceUnderTest, id_number: str, message_part: str
) -> None:
    error = await settlement.client.error(REGISTER, {"input": {"name": "王五", "idNumber": id_number}})
    assert error["extensions"]["code"] == "INVALID_ID_NUMBER"
    assert error["extensions"]["field"] == "idNumber"
    assert message_part in error["message"]
    assert "Traceback" not in str(error)
    assert await count_persons(settlement) == 0


async def test_birth_date_or_sex_not_matching_the_id_number_is_rejected(
    settlement: ServiceUnderTest,
) -> None:
    number = make_id_number(birth=date(1990, 1, 1), serial=123)
    error = await settlement.client.error(
        REGISTER, {"input": {"name": "王五", "idNumber": number, "birthDate": "1990-01-02"}}
    )
    assert (error["extensions"]["code"], error["extensions"]["field"]) == ("VALIDATION_FAILED", "birthDate")
    error = await settlement.client.error(
        REGISTER, {"input": {"name": "王五", "idNumber": number, "sex": "FEMALE"}}
    )
    assert error["extensions"]["field"] == "sex"
    assert await count_persons(settlement) == 0


async def test_registering_the_same_id_number_twice_is_a_conflict(
    settlement: ServiceUnderTest,
) -> None:
    number = make_id_number()
    await register(settlement.client, idNumber=number)
    error = await settlement.client.error(REGISTER, {"input": {"name": "x", "idNumber": number}})
    assert error["extensions"]["code"] == "CONFLICT"
    assert await count_persons(settlement) == 1


async def test_impossible_date_literal_is_bad_user_input(settlement: ServiceUnderTest) -> None:
    error = await settlement.client.error(
        REGISTER,
        {"input": {"name": "王五", "idNumber": make_id_number(), "birthDate": "1990-02-30"}},
    )
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert await count_persons(settlement) == 0


HUKOU = """
mutation H($input: RecordHukouInput!) { recordHukou(input: $input) { hukou { type region { code } } } }
"""


async def test_hukou_is_recorded_with_history_and_region_names(
    settlement: ServiceUnderTest,
) -> None:
    person = await register(settlement.client)
    for kind, region, on in [("RURAL", "350121", "2000-01-01"), ("URBAN", "350102", "2021-05-01")]:
        await settlement.client.data(
            HUKOU, {"input": {"personId": person["id"], "type": kind, "regionCode": region, "recordedOn": on}}
        )
    data = await settlement.client.data(PERSON, {"id": person["id"]})
    hukou = data["person"]["hukou"]
    assert hukou == {
        "type": "URBAN",
        "region": {"code": "350102", "name": "福建省福州市鼓楼区"},
        "recordedOn": "2021-05-01",
    }
    assert [h["region"]["code"] for h in data["person"]["hukouHistory"]] == ["350121", "350102"]


@pytest.mark.parametrize(
    ("changes", "code", "field"),
    [
        ({"regionCode": "359999"}, "UNKNOWN_REGION", "regionCode"),
        ({"regionCode": "35010"}, "UNKNOWN_REGION", "regionCode"),
        ({"recordedOn": "2999-01-01"}, "VALIDATION_FAILED", "recordedOn"),
        ({"personId": "00000000-0000-0000-0000-000000000000"}, "NOT_FOUND", "personId"),
        ({"personId": "not-an-id"}, "NOT_FOUND", "personId"),
    ],
)
async def test_bad_hukou_input_is_rejected_and_nothing_is_written(
    settlement: ServiceUnderTest, changes: dict[str, str], code: str, field: str
) -> None:
    person = await register(settlement.client)
    data = {
        "personId": person["id"],
        "type": "RURAL",
        "regionCode": "350121",
        "recordedOn": "2000-01-01",
        **changes,
    }
    error = await settlement.client.error(HUKOU, {"input": data})
    assert (error["extensions"]["code"], error["extensions"]["field"]) == (code, field)
    assert await settlement.pool.fetchval("SELECT count(*) FROM hukou_records") == 0


ISSUE = """
mutation I($input: IssueResidencePermitInput!) {
  issueResidencePermit(input: $input) { id validUntil status }
}"""
RENEW = """
mutation R($input: RenewResidencePermitInput!) { renewResidencePermit(input: $input) { validUntil } }
"""
REVOKE = """
mutation V($input: RevokeResidencePermitInput!) {
  revokeResidencePermit(input: $input) { revokedOn status }
}"""


async def test_residence_permit_lifecycle(settlement: ServiceUnderTest) -> None:
    person = await register(settlement.client)
    issued = (
        await settlement.client.data(
            ISSUE,
            {
                "input": {
                    "personId": person["id"],
                    "cityCode": "350100",
                    "issuedOn": "2020-03-01",
                    "validUntil": "2021-03-01",
                }
            },
        )
    )["issueResidencePermit"]
    assert issued["status"] == "EXPIRED"
    renewed = await settlement.client.data(
        RENEW, {"input": {"permitId": issued["id"], "validUntil": "2099-03-01"}}
    )
    assert renewed["renewResidencePermit"]["validUntil"] == "2099-03-01"
    status_query = """query P($id: ID!, $on: Date) { person(id: $id) {
        residencePermits { status(asOf: $on) } } }"""
    data = await settlement.client.data(status_query, {"id": person["id"], "on": "2020-06-01"})
    assert data["person"]["residencePermits"] == [{"status": "VALID"}]
    revoked = await settlement.client.data(
        REVOKE, {"input": {"permitId": issued["id"], "revokedOn": "2022-01-01", "reason": "moved away"}}
    )
    assert revoked["revokeResidencePermit"]["status"] == "REVOKED"
    # a revoked permit is not renewed again
    error = await settlement.client.error(
        RENEW, {"input": {"permitId": issued["id"], "validUntil": "2100-01-01"}}
    )
    assert error["extensions"]["code"] == "CONFLICT"


async def test_permit_ending_before_it_starts_is_rejected(settlement: ServiceUnderTest) -> None:
    person = await register(settlement.client)
    error = await settlement.client.error(
        ISSUE,
        {
            "input": {
                "personId": person["id"],
                "cityCode": "350100",
                "issuedOn": "2020-03-01",
                "validUntil": "2020-02-01",
            }
        },
    )
    assert (error["extensions"]["code"], error["extensions"]["field"]) == ("VALIDATION_FAILED", "validUntil")
    assert await settlement.pool.fetchval("SELECT count(*) FROM residence_permits") == 0


PERIOD = """
mutation P($input: RecordResidencePeriodInput!) {
  recordResidencePeriod(input: $input) { startedOn endedOn city { name } }
}"""


async def test_residence_periods_do_not_overlap(settlement: ServiceUnderTest) -> None:
    person = await register(settlement.client)
    first = {
        "personId": person["id"],
        "cityCode": "350200",
        "startedOn": "2018-01-01",
        "endedOn": "2019-12-31",
    }
    await settlement.client.data(PERIOD, {"input": first})
    await settlement.client.data(
        PERIOD, {"input": {**first, "cityCode": "350100", "startedOn": "2020-01-01", "endedOn": None}}
    )
    error = await settlement.client.error(
        PERIOD, {"input": {**first, "startedOn": "2019-06-01", "endedOn": "2019-07-01"}}
    )
    assert error["extensions"]["code"] == "CONFLICT"
    error = await settlement.client.error(PERIOD, {"input": {**first, "endedOn": "2017-01-01"}})
    assert (error["extensions"]["code"], error["extensions"]["field"]) == ("VALIDATION_FAILED", "endedOn")
    data = await settlement.client.data(PERSON, {"id": person["id"]})
    assert [p["startedOn"] for p in data["person"]["residenceHistory"]] == ["2018-01-01", "2020-01-01"]


SEARCH = """
query S($region: String!, $first: Int!, $after: String) {
  persons(regionCode: $region, first: $first, after: $after) { items { id } nextCursor }
}"""


async def test_search_by_region_pages_through_everyone_inside_it(
    settlement: ServiceUnderTest,
) -> None:
    ids: dict[str, set[str]] = {"350102": set(), "350203": set()}
    for serial in range(7):
        for region in ids:
            p = await register(settlement.client, idNumber=make_id_number(region, serial=serial))
            await settlement.client.data(
                HUKOU,
                {
                    "input": {
                        "personId": p["id"],
                        "type": "RURAL",
                        "regionCode": region,
                        "recordedOn": "2000-01-01",
                    }
                },
            )
            ids[region].add(p["id"])
    seen: list[str] = []
    after = None
    while True:
        page = (await settlement.client.data(SEARCH, {"region": "350100", "first": 3, "after": after}))[
            "persons"
        ]
        seen += [i["id"] for i in page["items"]]
        after = page["nextCursor"]
        if after is None:
            break
    assert sorted(seen) == sorted(ids["350102"])
    everyone = await settlement.client.data(SEARCH, {"region": "350000", "first": 100})
    assert len(everyone["persons"]["items"]) == 14
    error = await settlement.client.error(SEARCH, {"region": "350000", "first": 1000})
    assert error["extensions"]["code"] == "VALIDATION_FAILED"
    error = await settlement.client.error(SEARCH, {"region": "350000", "first": 5, "after": "%%"})
    assert error["extensions"]["code"] in ("VALIDATION_FAILED", "NOT_FOUND")


WITHOUT_HUKOU = """
query W($region: String) {
  persons(regionCode: $region, withoutHukou: true, first: 50) { items { id hukou { type } } }
}"""


async def test_a_person_without_a_hukou_is_found_by_an_explicit_filter(
    settlement: ServiceUnderTest,
) -> None:
    # Registered, hukou not yet recorded: no hukou region to be listed under, so the
    # frontend asks for persons without a hukou (all, or those living in its region).
    newcomer = await register(settlement.client, idNumber=make_id_number("350102", serial=31))
    elsewhere = await register(settlement.client, idNumber=make_id_number("350102", serial=32))
    settled = await register(settlement.client, idNumber=make_id_number("350102", serial=33))
    await settlement.client.data(
        HUKOU,
        {
            "input": {
                "personId": settled["id"],
                "type": "RURAL",
                "regionCode": "350102",
                "recordedOn": "2000-01-01",
            }
        },
    )
    for person, city in ((newcomer, "350102"), (elsewhere, "350203")):
        await settlement.client.data(
            PERIOD, {"input": {"personId": person["id"], "cityCode": city, "startedOn": "2020-01-01"}}
        )

    by_hukou = await settlement.client.data(SEARCH, {"region": "350000", "first": 50})
    assert [p["id"] for p in by_hukou["persons"]["items"]] == [settled["id"]]
    everyone = await settlement.client.data(WITHOUT_HUKOU, {})
    assert sorted(p["id"] for p in everyone["persons"]["items"]) == sorted([newcomer["id"], elsewhere["id"]])
    assert all(p["hukou"] is None for p in everyone["persons"]["items"])
    in_fuzhou = await settlement.client.data(WITHOUT_HUKOU, {"region": "350100"})
    assert [p["id"] for p in in_fuzhou["persons"]["items"]] == [newcomer["id"]]

    error = await settlement.client.error("{ persons(first: 5) { items { id } } }")
    assert (error["extensions"]["code"], error["extensions"]["field"]) == ("VALIDATION_FAILED", "regionCode")
