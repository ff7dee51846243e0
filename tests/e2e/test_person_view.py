"""The documented person view (docs/operations/person-view.graphql) through the real
gateway: every department's entitlements in one query, answers that follow a changed
fact within seconds and cite its new version, and the rest of the view when one
department is down."""

from __future__ import annotations

import asyncio
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from devstack.ids import id_number_for
from devstack.processes import Stack, stop
from tests.e2e.client import Quiet, gql, ok

pytestmark = pytest.mark.e2e

VIEW = (Path(__file__).parents[2] / "docs" / "operations" / "person-view.graphql").read_text(encoding="utf-8")
DOCUMENT = "闽发改社会〔2019〕334号"


def target_persona(stack: Stack, serial: int) -> str:
    """A rural poor woman living in Xiamen since 2018-03-01, with a residence permit."""
    pid: str = ok(
        stack,
        "mutation R($i: RegisterPersonInput!) { registerPerson(input: $i) { id } }",
        {"i": {"name": "林秀英", "idNumber": id_number_for(date(1990, 1, 1), "FEMALE", serial)}},
    )["registerPerson"]["id"]
    steps = [
        (
            "recordHukou",
            "RecordHukouInput",
            {"type": "RURAL", "regionCode": "350821", "recordedOn": "2000-01-01"},
        ),
        (
            "recordResidencePeriod",
            "RecordResidencePeriodInput",
            {"cityCode": "350203", "startedOn": "2018-03-01"},
        ),
        (
            "issueResidencePermit",
            "IssueResidencePermitInput",
            {"cityCode": "350200", "issuedOn": "2018-09-01", "validUntil": "2099-09-01"},
        ),
        (
            "registerPoverty",
            "RegisterPovertyInput",
            {"householdNumber": "350821-00077", "registeredOn": "2016-01-01"},
        ),
    ]
    for mutation, input_type, fields in steps:
        ok(
            stack,
            f"mutation M($i: {input_type}!) {{ {mutation}(input: $i) {{ id }} }}",
            {"i": {"personId": pid, **fields}},
        )
    return pid


def decisions(person: dict[str, Any]) -> dict[str, dict[str, Any]]:
    parts = [person.get("settlement"), person.get("socialSecurity")]
    return {e["code"]: e for part in parts if part for e in part["entitlements"]}


async def test_one_query_gives_every_departments_entitlements_with_reasons(
    stack: Stack, quiet: Quiet
) -> None:
    pid = target_persona(stack, 11)
    await quiet.wait()
    person = ok(stack, VIEW, {"id": pid, "asOf": "2020-06-01"})["person"]
    found = decisions(person)
    assert {e["department"] for e in found.values()} == {"settlement", "social-security"}
    for entitlement in found.values():
        assert entitlement["legalBasis"]["document"] == DOCUMENT
        assert entitlement["rulesVersion"].startswith(entitlement["department"] + "@")
        assert entitlement["asOf"] == "2020-06-01"
        assert entitlement["guide"]["bring"], entitlement["code"]
        assert entitlement["reasons"], entitlement["code"]
    assert found["SETTLEMENT_RESIDENCE_PERMIT"]["status"] == "GRANTED"
    assert found["SETTLEMENT_RESIDENCE_PERMIT"]["validTo"] == "2099-09-01"
    # Social security decided from its projection of settlement's hukou and names the event.
    dibao = found["SOCIAL_SECURITY_DIBAO"]
    assert dibao["status"] == "ELIGIBLE"
    facts = [f for r in dibao["reasons"] for f in r["facts"]]
    hukou = next(f for f in facts if f["name"] == "hukou")
    assert (hukou["department"], hukou["eventType"]) == (
        "settlement",
        "fujian.events.settlement.v1.HukouChanged",
    )

    # Before the policy took effect, nothing applies.
    early = decisions(ok(stack, VIEW, {"id": pid, "asOf": "2019-05-16"})["person"])
    assert {e["status"] for e in early.values()} == {"NOT_APPLICABLE"}


async def test_an_answer_follows_a_changed_fact_within_seconds_and_cites_its_version(
    stack: Stack, quiet: Quiet
) -> None:
    pid = target_persona(stack, 12)
    await quiet.wait()
    before = decisions(ok(stack, VIEW, {"id": pid})["person"])
    assert before["SETTLEMENT_HUKOU_PRIORITY"]["status"] != "INELIGIBLE"

    ok(
        stack,
        "mutation L($i: LiftPovertyInput!) { liftPoverty(input: $i) { id } }",
        {"i": {"personId": pid, "liftedOn": "2021-01-04"}},
    )
    started = time.monotonic()
    while True:  # settlement learns of it through social security's event
        after = decisions(ok(stack, VIEW, {"id": pid})["person"])["SETTLEMENT_HUKOU_PRIORITY"]
        if after["status"] == "INELIGIBLE":
            break
        assert time.monotonic() - started < 5, after
        await asyncio.sleep(0.05)
    lifted = next(r for r in after["reasons"] if r["code"] == "POVERTY_LIFTED")
    (fact,) = lifted["facts"]
    assert (fact["department"], fact["version"]) == ("social-security", 2)
    assert fact["eventType"] == "fujian.events.social_security.v1.PovertyLifted"


async def test_the_rest_of_the_view_arrives_when_a_department_is_down(stack: Stack, quiet: Quiet) -> None:
    pid = target_persona(stack, 13)
    await quiet.wait()
    stop(stack.by_name("social-security"))
    body = gql(stack, VIEW, {"id": pid, "asOf": "2020-06-01"})
    person = body["data"]["person"]
    assert person["name"] == "林秀英"
    assert person["settlement"]["entitlements"]
    assert person["socialSecurity"] is None
    # The error names the department that is missing, with a stable code.
    assert [(e["extensions"]["code"], e["extensions"]["serviceName"]) for e in body["errors"]] == [
        ("SUBGRAPH_UNAVAILABLE", "social-security")
    ]
