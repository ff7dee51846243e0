"""Every failure reaches the client with a stable `extensions.code` and no stack trace."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
import strawberry

from servicekit.app import ServiceSpec
from servicekit.errors import NotFound
from servicekit.federation import make_schema
from tests.conftest import ServeFactory
from tests.support import ServiceUnderTest


@strawberry.type
class Node:
    child: Node | None = None
    value: int = 1


@strawberry.type
class Query:
    @strawberry.field
    def missing(self) -> str:
        raise NotFound("No such thing.", field="id")

    @strawberry.field
    def broken(self) -> str:
        raise RuntimeError("secret detail: password=hunter2")

    @strawberry.field
    def echo(self, n: int) -> int:
        return n

    @strawberry.field
    def node(self) -> Node:
        return Node()


SPEC = ServiceSpec(
    name="errors-test",
    schema=make_schema(query=Query),
    migrations=Path(__file__).parent / "no_migrations",
)


@pytest.fixture
async def service(serve: ServeFactory) -> ServiceUnderTest:
    return await serve(SPEC)


async def test_domain_error_keeps_its_code_and_message(service: ServiceUnderTest) -> None:
    error = await service.client.error("{ missing }")
    assert error["message"] == "No such thing."
    assert error["extensions"] == {"code": "NOT_FOUND", "field": "id"}


async def test_unexpected_error_is_masked_logged_and_carries_the_trace_id(
    service: ServiceUnderTest, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR, logger="servicekit.errors"):
        error = await service.client.error("{ broken }")
    assert error["extensions"]["code"] == "INTERNAL"
    assert len(error["extensions"]["traceId"]) == 32
    assert "hunter2" not in str(error) and "Traceback" not in str(error)
    assert any("hunter2" in (r.exc_text or "") or r.exc_info for r in caplog.records)


TOO_DEEP = "{ node { " + "child { " * 12 + "value" + " }" * 13 + " }"


@pytest.mark.parametrize(
    ("query", "variables", "code"),
    [
        ("{ missing ", None, "GRAPHQL_PARSE_FAILED"),
        ("{ nosuchfield }", None, "GRAPHQL_VALIDATION_FAILED"),
        ("query Q($n: Int!) { echo(n: $n) }", {"n": "seven"}, "BAD_USER_INPUT"),
        (TOO_DEEP, None, "GRAPHQL_VALIDATION_FAILED"),
    ],
)
async def test_malformed_operations_get_codes_never_a_500(
    service: ServiceUnderTest, query: str, variables: dict[str, str] | None, code: str
) -> None:
    body = await service.client.execute(query, variables)
    assert body["errors"], body
    assert {e["extensions"]["code"] for e in body["errors"]} == {code}


async def test_get_queries_are_refused_so_variables_never_reach_urls(
    service: ServiceUnderTest,
) -> None:
    response = await service.http.get("/graphql", params={"query": "{ echo(n: 1) }"})
    assert response.status_code in (400, 405)
    assert "data" not in response.text


async def test_invalid_json_body_is_a_400(service: ServiceUnderTest) -> None:
    response = await service.http.post(
        "/graphql", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert response.status_code == 400
