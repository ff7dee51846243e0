"""A subgraph answers only what the gateway signed (servicekit.trust, servicekit.guard):
in process, every way around the signature is tried."""

from __future__ import annotations

import base64
import hashlib
import hmac
from typing import Any

import orjson
import pytest

from servicekit.trust import sign
from settlement.app import SPEC as SETTLEMENT
from tests.conftest import ServeFactory
from tests.support import CLERK, GATEWAY_SECRET, ServiceUnderTest

QUERY = "query P($id: ID!) { person(id: $id) { id } }"
VARIABLES = {"id": "00000000-0000-0000-0000-000000000001"}


@pytest.fixture
async def settlement(serve: ServeFactory) -> ServiceUnderTest:
    return await serve(SETTLEMENT)


async def post(service: ServiceUnderTest, body: bytes, content_type: str = "application/json") -> Any:
    response = await service.http.post("/graphql", content=body, headers={"content-type": content_type})
    return response.status_code, response.json()


def signed(claims: dict[str, Any] | None = CLERK, secret: str = GATEWAY_SECRET) -> dict[str, Any]:
    body: dict[str, Any] = {"query": QUERY, "variables": VARIABLES}
    if claims is not None:
        body["extensions"] = {"jwt": {"payload": claims}}
    return sign(secret.encode(), body)


async def test_a_signed_request_is_answered(settlement: ServiceUnderTest) -> None:
    status, body = await post(settlement, orjson.dumps(signed()))
    assert (status, body) == (200, {"data": {"person": None}})


@pytest.mark.parametrize(
    ("case", "body"),
    [
        ("unsigned", {"query": QUERY, "variables": VARIABLES, "extensions": {"jwt": {"payload": CLERK}}}),
        ("another secret", signed(secret="x" * 40)),
        (
            "claims raised after signing",
            {
                **signed(),
                "extensions": {
                    **signed()["extensions"],
                    "jwt": {"payload": {**CLERK, "scope": "settlement:id-number:read"}},
                },
            },
        ),
        (
            "variables changed after signing",
            {**signed(), "variables": {"id": "00000000-0000-0000-0000-000000000002"}},
        ),
        ("query changed after signing", {**signed(), "query": "{ _service { sdl } }"}),
        ("an expired token's claims", signed({**CLERK, "exp": 1_000_000_000})),
    ],
)
async def test_anything_the_gateway_did_not_sign_is_401(
    settlement: ServiceUnderTest, case: str, body: dict[str, Any]
) -> None:
    status, answer = await post(settlement, orjson.dumps(body))
    assert status == 401, case
    assert answer["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert "data" not in answer


async def test_federation_fields_need_the_signature_too(settlement: ServiceUnderTest) -> None:
    for query in (
        "{ _service { sdl } }",
        '{ _entities(representations: [{__typename: "Person", id: "x"}]) { __typename } }',
    ):
        status, _ = await post(settlement, orjson.dumps({"query": query}))
        assert status == 401


async def test_identity_headers_are_not_believed(settlement: ServiceUnderTest) -> None:
    # A signed request with no caller, and forged identity headers: anonymous all the same.
    response = await settlement.http.post(
        "/graphql",
        content=orjson.dumps(signed(claims=None)),
        headers={
            "content-type": "application/json",
            "x-caller-scopes": "person:read",
            "x-caller-subject": "root",
        },
    )
    assert response.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_bad_bodies_get_clear_codes(settlement: ServiceUnderTest) -> None:
    assert (await post(settlement, b"query=%7B%7D", "application/x-www-form-urlencoded"))[0] == 415
    assert (await post(settlement, b"{not json"))[0] == 400
    huge = orjson.dumps({**signed(), "query": QUERY + " " * settlement.settings.max_request_bytes})
    status, body = await post(settlement, huge)
    assert (status, body["errors"][0]["extensions"]["code"]) == (413, "REQUEST_ENTITY_TOO_LARGE")
    response = await settlement.http.get("/graphql", params={"query": QUERY})
    assert response.status_code in (400, 405) and '"data"' not in response.text


async def test_numbers_and_text_canonicalise_as_javascript_writes_them(settlement: ServiceUnderTest) -> None:
    # The body exactly as the gateway (JavaScript) writes it: 0.00001 stays 0.00001 (Python
    # would write 1e-05), U+2028 and an astral character stay literal. The signature is over
    # the canonical JSON written out by hand here, keys sorted, no spaces.
    claims = '{"exp":4102444800,"scope":"person:read","sub":"clerk-1"}'
    variables = '{"id":"\u2028😀","n":0.00001}'
    query = '"query P($id: ID!) { person(id: $id) { id } }"'
    canonical = '{"jwt":{"payload":' + claims + '},"query":' + query + ',"variables":' + variables + "}"
    digest = hmac.new(GATEWAY_SECRET.encode(), canonical.encode(), hashlib.sha256).digest()
    raw = (
        '{"query":' + query + ',"variables":' + variables + ',"extensions":{"jwt":{"payload":' + claims + "},"
        '"hmac-signature":"' + base64.b64encode(digest).decode() + '"}}'
    )
    status, answer = await post(settlement, raw.encode())
    assert status == 200, answer
    assert all(e["extensions"]["code"] != "UNAUTHENTICATED" for e in answer.get("errors", []))
