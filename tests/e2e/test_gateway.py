"""End to end: the real Hive Gateway process in front of real subgraph processes."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import httpx
import pytest

from devstack.auth import DevAuth
from devstack.processes import Stack, start_gateway, stop, wait_ready
from devstack.servers import free_port
from tests.e2e.client import gql, ok
from tests.ids import make_id_number

pytestmark = pytest.mark.e2e

FULL_VIEW = """
query FullView($id: ID!) {
  person(id: $id) {
    id name idNumber
    hukou { type region { code name } }
    residencePermits { city { code } status }
    socialSecurity { povertyRegistration { status householdNumber } }
  }
}"""


def create_person(stack: Stack, serial: int) -> str:
    pid: str = ok(
        stack,
        "mutation R($i: RegisterPersonInput!) { registerPerson(input: $i) { id } }",
        {"i": {"name": "陈阿明", "idNumber": make_id_number("350121", serial=serial)}},
    )["registerPerson"]["id"]
    ok(
        stack,
        "mutation H($i: RecordHukouInput!) { recordHukou(input: $i) { id } }",
        {"i": {"personId": pid, "type": "RURAL", "regionCode": "350121", "recordedOn": "2001-01-01"}},
    )
    ok(
        stack,
        "mutation P($i: IssueResidencePermitInput!) { issueResidencePermit(input: $i) { id } }",
        {"i": {"personId": pid, "cityCode": "350100", "issuedOn": "2024-01-01", "validUntil": "2099-01-01"}},
    )
    ok(
        stack,
        "mutation S($i: RegisterPovertyInput!) { registerPoverty(input: $i) { id } }",
        {"i": {"personId": pid, "householdNumber": "350121-00001", "registeredOn": "2015-01-01"}},
    )
    return pid


async def test_one_query_returns_fields_from_both_subgraphs(stack: Stack) -> None:
    pid = create_person(stack, 1)
    person = ok(stack, FULL_VIEW, {"id": pid})["person"]
    assert person["hukou"]["region"] == {"code": "350121", "name": "福建省福州市闽侯县"}
    assert person["residencePermits"] == [{"city": {"code": "350100"}, "status": "VALID"}]
    assert person["socialSecurity"]["povertyRegistration"] == {
        "status": "REGISTERED",
        "householdNumber": "350121-00001",
    }
    assert person["idNumber"].count("*") == 12


async def test_errors_keep_their_codes_through_the_gateway(stack: Stack) -> None:
    body = gql(
        stack, "query Q($n: String!) { personByIdNumber(idNumber: $n) { id } }", {"n": "350121199001011230"}
    )
    assert body["errors"][0]["extensions"]["code"] == "INVALID_ID_NUMBER"
    body = gql(stack, "{ person(id: ", {})
    assert body["errors"] and "Traceback" not in str(body)
    body = gql(stack, "query { nosuch }", {})
    assert body["errors"] and "Traceback" not in str(body)


async def test_gateway_health_endpoints(stack: Stack) -> None:
    base = stack.by_name("gateway").url.removesuffix("/graphql")
    assert httpx.get(base + "/healthcheck", timeout=5).status_code == 200
    assert httpx.get(base + "/readiness", timeout=5).status_code == 200


SHARED_FACTS = """
query Facts($id: ID!) {
  person(id: $id) {
    settlementFacts { poverty { householdNumber liftedOn source { producer eventType version } } }
    socialSecurityFacts {
      hukou { type region { code } source { producer eventType version } }
      residencePermits { city { code } source { version } }
    }
  }
}"""


async def facts_when(stack: Stack, pid: str, ready: Any, within: float = 15) -> dict[str, Any]:
    """The person's shared facts once `ready(person)` holds: projections follow their
    owners within milliseconds, not within the same request."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while True:
        person: dict[str, Any] = ok(stack, SHARED_FACTS, {"id": pid})["person"]
        if ready(person):
            return person
        if loop.time() > deadline:
            raise AssertionError(f"projections did not follow: {person}")
        await asyncio.sleep(0.05)


async def test_each_department_sees_the_others_facts_through_the_bus(stack: Stack) -> None:
    # Registered through the gateway: person and hukou at settlement, poverty at
    # social-security. Each department's projection of the other's facts follows.
    pid = create_person(stack, 3)
    person = await facts_when(
        stack,
        pid,
        lambda p: bool(
            p["settlementFacts"]["poverty"]
            and p["socialSecurityFacts"]["hukou"]
            and p["socialSecurityFacts"]["residencePermits"]
        ),
    )
    assert person["settlementFacts"]["poverty"] == [
        {
            "householdNumber": "350121-00001",
            "liftedOn": None,
            "source": {
                "producer": "social-security",
                "eventType": "fujian.events.social_security.v1.PovertyRegistered",
                "version": 1,
            },
        }
    ]
    assert person["socialSecurityFacts"]["hukou"] == {
        "type": "RURAL",
        "region": {"code": "350121"},
        "source": {
            "producer": "settlement",
            "eventType": "fujian.events.settlement.v1.HukouChanged",
            "version": 1,
        },
    }

    ok(
        stack,
        "mutation L($i: LiftPovertyInput!) { liftPoverty(input: $i) { id } }",
        {"i": {"personId": pid, "liftedOn": "2020-12-31"}},
    )
    person = await facts_when(stack, pid, lambda p: p["settlementFacts"]["poverty"][0]["liftedOn"])
    assert person["settlementFacts"]["poverty"][0]["source"]["version"] == 2


async def test_partial_data_when_a_subgraph_is_down(stack: Stack) -> None:
    pid = create_person(stack, 2)
    stop(stack.by_name("social-security"))
    body = gql(stack, FULL_VIEW, {"id": pid})
    assert body["data"]["person"]["name"] == "陈阿明"
    assert body["data"]["person"]["socialSecurity"] is None
    assert body["errors"]


ISSUE = """mutation Issue($i: IssueResidencePermitInput!) { issueResidencePermit(input: $i) { id } }"""
PERMITS = """query Permits($id: ID!) { person(id: $id) { residencePermits { id } } }"""


def with_key(stack: Stack, query: str, variables: dict[str, Any], key: str) -> dict[str, Any]:
    response = httpx.post(
        stack.by_name("gateway").url,
        json={"query": query, "variables": variables},
        headers={"Idempotency-Key": key, "authorization": f"Bearer {stack.token('clerk')}"},
        timeout=30,
    )
    assert response.status_code < 500, response.text
    body: dict[str, Any] = response.json()
    return body


async def test_the_gateway_forwards_the_idempotency_key(stack: Stack) -> None:
    pid: str = ok(
        stack,
        "mutation R($i: RegisterPersonInput!) { registerPerson(input: $i) { id } }",
        {"i": {"name": "王阿福", "idNumber": make_id_number("350121", serial=4)}},
    )["registerPerson"]["id"]
    variables = {
        "i": {"personId": pid, "cityCode": "350100", "issuedOn": "2024-01-01", "validUntil": "2099-01-01"}
    }
    key = str(uuid.uuid4())
    first = with_key(stack, ISSUE, variables, key)
    retry = with_key(stack, ISSUE, variables, key)
    assert "errors" not in first and retry == first
    assert ok(stack, PERMITS, {"id": pid})["person"]["residencePermits"] == [
        {"id": first["data"]["issueResidencePermit"]["id"]}
    ]
    reused = with_key(stack, ISSUE, {"i": {**variables["i"], "validUntil": "2098-01-01"}}, key)
    assert reused["errors"][0]["extensions"]["code"] == "IDEMPOTENCY_KEY_REUSED"


async def test_graphiql_is_a_small_page_with_its_assets_served_locally(stack: Stack) -> None:
    gateway = stack.by_name("gateway").url
    page = httpx.get(gateway, headers={"accept": "text/html"}, timeout=30)
    assert page.status_code == 200
    assert len(page.content) < 20_000  # not the 21 MB of the inlined default
    assert "/graphiql-assets/laboratory.js" in page.text
    assert "unpkg" not in page.text and "jsdelivr" not in page.text
    base = gateway.removesuffix("/graphql")
    script = httpx.get(base + "/graphiql-assets/laboratory.js", timeout=30)
    assert script.status_code == 200 and "HiveLaboratory" in script.text[:2000]
    for worker in ("editor", "typescript", "json", "graphql"):
        assert httpx.get(f"{base}/graphiql-assets/{worker}.worker.js", timeout=30).status_code == 200


async def test_the_root_says_where_to_go(stack: Stack) -> None:
    base = stack.by_name("gateway").url.removesuffix("/graphql")
    root = httpx.get(base + "/", timeout=10)
    assert root.status_code == 200
    assert root.json()["graphql"] == "/graphql" and root.json()["readiness"] == "/readiness"
    html = httpx.get(base + "/", headers={"accept": "text/html"}, timeout=10)
    assert 'href="/graphql"' in html.text and 'href="/healthcheck"' in html.text


async def test_in_production_the_root_answers_and_there_is_no_graphiql(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    port = free_port()
    auth = DevAuth.at(tmp_path_factory.mktemp("auth"))
    gateway = start_gateway(
        log_dir=tmp_path_factory.mktemp("prod-logs"),
        port=port,
        extra_env={"GATEWAY_ENV": "production", **auth.gateway_env()},
    )
    try:
        wait_ready(gateway, f"http://127.0.0.1:{port}/readiness")
        base = f"http://127.0.0.1:{port}"
        root = httpx.get(base + "/", timeout=10)
        assert root.status_code == 200
        assert root.json() == {
            "service": "gateway",
            "graphql": "/graphql",
            "healthcheck": "/healthcheck",
            "readiness": "/readiness",
        }
        page = httpx.get(base + "/graphql", headers={"accept": "text/html"}, timeout=10)
        assert "HiveLaboratory" not in page.text
        assert httpx.get(base + "/graphiql-assets/laboratory.js", timeout=10).status_code == 404
    finally:
        stop(gateway)
