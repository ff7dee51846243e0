"""The suite as an attacker meets it, through the real gateway and at the subgraph ports:
tokens that are missing, expired, re-signed or for someone else; forged identity headers;
requests that bypass the gateway; cross-origin and form requests; oversized bodies; and
officers, residents and caseworkers reaching past their rights."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest

from devstack.auth import DevAuth
from devstack.ids import id_number_for
from devstack.processes import Stack
from tests.e2e.client import ok

pytestmark = pytest.mark.e2e

PERSON = "query P($id: ID!) { person(id: $id) { id name idNumber } }"


def post(stack: Stack, body: Any, token: str | None = None, **headers: str) -> httpx.Response:
    if token is not None:
        headers["authorization"] = f"Bearer {token}"
    return httpx.post(stack.by_name("gateway").url, json=body, headers=headers, timeout=30)


def code(response: httpx.Response) -> str:
    code: str = response.json()["errors"][0]["extensions"]["code"]
    return code


@pytest.fixture(scope="module")
def person(stack: Stack) -> str:
    number = id_number_for(date(1988, 4, 2), "FEMALE", 301)
    pid: str = ok(
        stack,
        "mutation R($i: RegisterPersonInput!) { registerPerson(input: $i) { id } }",
        {"i": {"name": "林秀英", "idNumber": number}},
    )["registerPerson"]["id"]
    return pid


def test_without_a_valid_token_nothing_is_answered(
    stack: Stack, person: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    body = {"query": PERSON, "variables": {"id": person}}
    other: Path = tmp_path_factory.mktemp("other-provider")
    for token in (
        None,
        "not-a-jwt",
        stack.token("clerk", lifetime=60, now=0),  # expired long ago
        DevAuth.at(other).token("clerk"),  # signed by a key the gateway does not trust
        stack.token("clerk", aud="someone-else"),
        stack.token("clerk", iss="https://evil.example"),
    ):
        response = post(stack, body, token)
        assert response.status_code == 401, (token, response.text)
        assert code(response) == "UNAUTHENTICATED" and "林秀英" not in response.text


def test_forged_identity_headers_change_nothing(stack: Stack, person: str) -> None:
    response = post(
        stack,
        {"query": PERSON, "variables": {"id": person}},
        stack.token("caseworker"),
        **{"x-caller-scopes": "settlement:id-number:read", "x-caller-subject": "root"},
    )
    assert response.json()["data"]["person"]["idNumber"].endswith("*" * 12)


def test_a_subgraph_port_answers_nobody_but_the_gateway(stack: Stack, person: str) -> None:
    settlement = stack.by_name("settlement").url
    token = {"authorization": f"Bearer {stack.token('clerk')}"}
    for query in (
        PERSON,
        "{ _service { sdl } }",
        '{ _entities(representations: [{__typename: "Person", id: "x"}]) { __typename } }',
        "{ __schema { types { name } } }",
    ):
        response = httpx.post(settlement, json={"query": query, "variables": {"id": person}}, headers=token)
        assert response.status_code == 401, query


def test_browsers_on_other_sites_and_forms_are_refused(stack: Stack, person: str) -> None:
    body = {"query": PERSON, "variables": {"id": person}}
    evil = post(stack, body, stack.token("clerk"), origin="https://evil.example")
    assert (evil.status_code, code(evil)) == (403, "FORBIDDEN_ORIGIN")
    assert "access-control-allow-origin" not in evil.headers
    form = httpx.post(
        stack.by_name("gateway").url,
        content=b"query=%7B__typename%7D",
        headers={
            "content-type": "application/x-www-form-urlencoded",
            "authorization": f"Bearer {stack.token()}",
        },
        timeout=10,
    )
    assert (form.status_code, code(form)) == (415, "UNSUPPORTED_MEDIA_TYPE")
    get = httpx.get(
        stack.by_name("gateway").url, params={"query": "{__typename}"}, headers={"accept": "application/json"}
    )
    assert (get.status_code, code(get)) == (405, "METHOD_NOT_ALLOWED")


def test_an_oversized_body_is_refused_before_it_is_read(stack: Stack) -> None:
    response = post(stack, {"query": "{ __typename }" + " " * 200_000}, stack.token())
    assert (response.status_code, code(response)) == (413, "REQUEST_ENTITY_TOO_LARGE")


def test_text_that_javascript_and_python_write_alike_still_verifies(stack: Stack) -> None:
    # The signature covers the variables: U+2028, emoji and quotes must canonicalise the same
    # on both sides, or the subgraph would refuse the gateway's own request.
    body = {
        "query": "query Q($n: String!) { personByIdNumber(idNumber: $n) { id } }",
        "variables": {"n": '\u2028😀"\\'},
    }
    assert code(post(stack, body, stack.token("clerk"))) == "INVALID_ID_NUMBER"


def test_each_role_reaches_only_its_own(stack: Stack, person: str) -> None:
    view = (
        "query V($id: ID!) { person(id: $id) { id "
        "socialSecurity { povertyHistory { id } } housing { entitlements { code } } } }"
    )
    housing = post(stack, {"query": view, "variables": {"id": person}}, stack.token("officer:housing")).json()
    assert housing["data"]["person"]["housing"]["entitlements"]
    assert housing["data"]["person"]["socialSecurity"] is None
    assert [e["extensions"]["code"] for e in housing["errors"]] == ["FORBIDDEN"]

    mine = post(
        stack, {"query": PERSON, "variables": {"id": person}}, stack.token("resident", person_id=person)
    ).json()
    assert mine["data"]["person"]["name"] == "林秀英" and "*" not in mine["data"]["person"]["idNumber"]
    other = ok(
        stack,
        "mutation R($i: RegisterPersonInput!) { registerPerson(input: $i) { id } }",
        {"i": {"name": "陈阿明", "idNumber": id_number_for(date(1979, 9, 9), "MALE", 302)}},
    )["registerPerson"]["id"]
    theirs = post(
        stack, {"query": PERSON, "variables": {"id": other}}, stack.token("resident", person_id=person)
    ).json()
    assert theirs["data"]["person"] is None and theirs["errors"][0]["extensions"]["code"] == "FORBIDDEN"

    write = post(
        stack,
        {
            "query": "mutation H($i: RecordHukouInput!) { recordHukou(input: $i) { id } }",
            "variables": {
                "i": {"personId": person, "type": "RURAL", "regionCode": "350121", "recordedOn": "2001-01-01"}
            },
        },
        stack.token("caseworker"),
    ).json()
    assert (write.get("data") or {}).get("recordHukou") is None
    assert (write["errors"][0]["extensions"]["code"], write["errors"][0]["extensions"]["scope"]) == (
        "FORBIDDEN",
        "settlement:write",
    )


def test_an_auditor_reads_who_read_a_person_through_the_gateway(stack: Stack, person: str) -> None:
    token = stack.token("caseworker", purpose="review of case 17")
    post(stack, {"query": PERSON, "variables": {"id": person}}, token)
    log = "query L($id: ID!) { settlementAccessLog(personId: $id) { actor purpose operation fields } }"
    refused = post(stack, {"query": log, "variables": {"id": person}}, stack.token("caseworker")).json()
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    entries = ok(stack, log, {"id": person}, role="auditor")["settlementAccessLog"]
    assert {
        "actor": "dev-caseworker",
        "purpose": "review of case 17",
        "operation": "READ",
        "fields": ["identity"],
    } in entries
