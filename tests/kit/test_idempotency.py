"""Idempotency keys (servicekit.idempotency, ADR 0006) with real PostgreSQL: a retry with
the same key returns the first result and writes nothing; every mutation of every
service goes through it."""

from __future__ import annotations

import asyncio
import importlib
import uuid
from dataclasses import dataclass, field
from typing import Any

import pytest
import strawberry
from starlette.datastructures import Headers

from devstack.topology import departments
from servicekit import idempotency
from servicekit.caller import Caller
from servicekit.federation import ServiceSchema
from settlement.app import SPEC as SETTLEMENT
from social_security.app import SPEC as SOCIAL_SECURITY
from tests.conftest import ServeFactory
from tests.ids import make_id_number
from tests.settlement.helpers import ISSUE, REGISTER, outbox_count, register
from tests.support import CLERK_SCOPES, ServiceUnderTest, caller


def key_header(key: str | None = None) -> dict[str, str]:
    return {"Idempotency-Key": key or str(uuid.uuid4())}


def permit_input(person_id: str, valid_until: str = "2080-01-01") -> dict[str, Any]:
    return {
        "input": {
            "personId": person_id,
            "cityCode": "350100",
            "issuedOn": "2024-01-01",
            "validUntil": valid_until,
        }
    }


async def permits(service: ServiceUnderTest) -> int:
    return int(await service.pool.fetchval("SELECT count(*) FROM residence_permits"))


def test_every_mutation_of_every_service_is_idempotent() -> None:
    # A department adding a mutation with plain strawberry.mutation fails here; one whose
    # resolver writes outside write_once fails at run time (test below).
    checked = []
    for subgraph in departments():
        schema: ServiceSchema = importlib.import_module(f"{subgraph.module}.app").SPEC.schema
        mutation_type = schema._schema.mutation_type
        assert mutation_type is not None, subgraph.name
        for name, graphql_field in mutation_type.fields.items():
            definition = graphql_field.extensions["strawberry-definition"]
            assert any(isinstance(e, idempotency.IdempotentMutation) for e in definition.extensions), (
                f"{subgraph.name}: Mutation.{name} is not declared with servicekit.idempotency.mutation"
            )
            checked.append(name)
    assert {"registerPerson", "issueResidencePermit", "registerPoverty"} <= set(checked)


async def test_a_retry_with_the_same_key_returns_the_first_result_and_writes_nothing(
    serve: ServeFactory,
) -> None:
    settlement = await serve(SETTLEMENT)
    person_id = await register(settlement.client)
    events_before = await outbox_count(settlement.pool)
    headers = key_header()
    first = await settlement.client.data(ISSUE, permit_input(person_id), headers)
    retry = await settlement.client.data(ISSUE, permit_input(person_id), headers)
    assert retry == first
    assert await permits(settlement) == 1
    assert await outbox_count(settlement.pool) == events_before + 1  # one event, not two
    # Without a key, the same request is a second permit, as before.
    await settlement.client.data(ISSUE, permit_input(person_id))
    assert await permits(settlement) == 2


async def test_register_person_retried_returns_the_person_not_a_conflict(
    serve: ServeFactory,
) -> None:
    settlement = await serve(SETTLEMENT)
    variables = {"input": {"name": "林阿妹", "idNumber": make_id_number("350121", serial=7)}}
    headers = key_header()
    first = await settlement.client.data(REGISTER, variables, headers)
    retry = await settlement.client.data(REGISTER, variables, headers)
    assert retry == first
    # A new key is a new request: the ID number is taken.
    again = await settlement.client.error(REGISTER, variables, key_header())
    assert again["extensions"]["code"] == "CONFLICT"


async def test_a_key_reused_with_other_input_or_another_mutation_is_refused(
    serve: ServeFactory,
) -> None:
    settlement = await serve(SETTLEMENT)
    person_id = await register(settlement.client)
    headers = key_header()
    await settlement.client.data(ISSUE, permit_input(person_id), headers)
    other_input = await settlement.client.error(ISSUE, permit_input(person_id, "2090-01-01"), headers)
    assert other_input["extensions"] == {"code": "IDEMPOTENCY_KEY_REUSED", "header": "Idempotency-Key"}
    assert "different arguments" in other_input["message"]
    other_field = await settlement.client.error(
        REGISTER, {"input": {"name": "x", "idNumber": make_id_number("350121", serial=8)}}, headers
    )
    assert other_field["extensions"]["code"] == "IDEMPOTENCY_KEY_REUSED"
    assert "issueResidencePermit" in other_field["message"]
    assert await permits(settlement) == 1
    assert await settlement.pool.fetchval("SELECT count(*) FROM persons") == 1


async def test_concurrent_duplicates_serialise_on_the_key(serve: ServeFactory) -> None:
    settlement = await serve(SETTLEMENT)
    person_id = await register(settlement.client)
    headers = key_header()
    results = await asyncio.gather(
        *(settlement.client.data(ISSUE, permit_input(person_id), headers) for _ in range(5))
    )
    assert len({r["issueResidencePermit"]["id"] for r in results}) == 1
    assert await permits(settlement) == 1


async def test_keys_belong_to_their_caller(serve: ServeFactory) -> None:
    settlement = await serve(SETTLEMENT)
    person_id = await register(settlement.client)
    key = str(uuid.uuid4())
    mine = await settlement.client.data(
        ISSUE, permit_input(person_id), key_header(key), as_caller=caller("clerk-1", *CLERK_SCOPES)
    )
    theirs = await settlement.client.data(
        ISSUE, permit_input(person_id), key_header(key), as_caller=caller("clerk-2", *CLERK_SCOPES)
    )
    assert mine != theirs
    assert await permits(settlement) == 2


async def test_aliased_fields_of_one_operation_are_separate_records(serve: ServeFactory) -> None:
    settlement = await serve(SETTLEMENT)
    person_id = await register(settlement.client)
    two = """mutation Two($a: IssueResidencePermitInput!, $b: IssueResidencePermitInput!) {
      a: issueResidencePermit(input: $a) { id } b: issueResidencePermit(input: $b) { id } }"""
    variables = {"a": permit_input(person_id)["input"], "b": permit_input(person_id, "2090-01-01")["input"]}
    headers = key_header()
    first = await settlement.client.data(two, variables, headers)
    assert first["a"] != first["b"]
    assert await settlement.client.data(two, variables, headers) == first
    assert await permits(settlement) == 2


@pytest.mark.parametrize("key", ["", "   ", "x" * 201, "abc\x01def", "tab\there", "del\x7f", '""'])
async def test_a_malformed_key_is_a_validation_failure(serve: ServeFactory, key: str) -> None:
    settlement = await serve(SETTLEMENT)
    person_id = await register(settlement.client)
    error = await settlement.client.error(ISSUE, permit_input(person_id), {"Idempotency-Key": key})
    assert error["extensions"]["code"] == "VALIDATION_FAILED"
    assert "Idempotency-Key" in error["message"]
    assert await permits(settlement) == 0


async def test_the_quoted_form_of_the_draft_is_the_same_key(serve: ServeFactory) -> None:
    settlement = await serve(SETTLEMENT)
    person_id = await register(settlement.client)
    first = await settlement.client.data(ISSUE, permit_input(person_id), {"Idempotency-Key": '"k-1"'})
    retry = await settlement.client.data(ISSUE, permit_input(person_id), {"Idempotency-Key": "k-1"})
    assert retry == first
    assert await permits(settlement) == 1


async def test_a_rejected_mutation_records_no_key(serve: ServeFactory) -> None:
    settlement = await serve(SETTLEMENT)
    headers = key_header()
    missing = await settlement.client.error(ISSUE, permit_input(str(uuid.uuid4())), headers)
    assert missing["extensions"]["code"] == "NOT_FOUND"
    assert await settlement.pool.fetchval("SELECT count(*) FROM idempotency_keys") == 0


async def test_expired_keys_start_anew_and_are_swept(serve: ServeFactory) -> None:
    settlement = await serve(SETTLEMENT)
    person_id = await register(settlement.client)
    headers = key_header()
    first = await settlement.client.data(ISSUE, permit_input(person_id), headers)
    await settlement.pool.execute(
        "UPDATE idempotency_keys SET created_at = now() - $1::interval - interval '1 minute'",
        idempotency.RETENTION,
    )
    later = await settlement.client.data(ISSUE, permit_input(person_id), headers)
    assert later != first  # a day later the key is forgotten: a new permit
    assert await permits(settlement) == 2
    await settlement.pool.execute(
        "UPDATE idempotency_keys SET created_at = now() - $1::interval - interval '1 minute'",
        idempotency.RETENTION,
    )
    assert await idempotency.delete_expired_keys(settlement.pool, batch=1) == 1
    assert await settlement.pool.fetchval("SELECT count(*) FROM idempotency_keys") == 0


async def test_social_security_mutations_are_idempotent_too(serve: ServeFactory) -> None:
    service = await serve(SOCIAL_SECURITY)
    person_id = str(uuid.uuid4())
    register_poverty = """mutation P($i: RegisterPovertyInput!) { registerPoverty(input: $i) { id } }"""
    lift = """mutation L($i: LiftPovertyInput!) { liftPoverty(input: $i) { id liftedOn } }"""
    variables = {"i": {"personId": person_id, "householdNumber": "350121-0001", "registeredOn": "2015-01-01"}}
    headers = key_header()
    first = await service.client.data(register_poverty, variables, headers)
    assert await service.client.data(register_poverty, variables, headers) == first
    lift_headers = key_header()
    lifted = await service.client.data(
        lift, {"i": {"personId": person_id, "liftedOn": "2020-01-01"}}, lift_headers
    )
    # Without the key, lifting again is a conflict; with it, the first result.
    assert (
        await service.client.data(
            lift, {"i": {"personId": person_id, "liftedOn": "2020-01-01"}}, lift_headers
        )
        == lifted
    )
    assert await service.pool.fetchval("SELECT count(*) FROM poverty_registrations") == 1


# --- the guard against a resolver that writes outside write_once ------------------------


@dataclass
class _Request:
    headers: Headers = field(default_factory=lambda: Headers({}))


@dataclass
class _Context:
    """Only what IdempotentMutation reads: no resolver below touches a database."""

    caller: Caller = field(default_factory=lambda: Caller("clerk-1", frozenset({"settlement:write"})))
    request: _Request = field(default_factory=_Request)
    department: str = "settlement"


@strawberry.type
class _Query:
    ok: bool = True


@strawberry.type
class _Mutation:
    @idempotency.mutation(description="Forgets write_once.")
    async def careless(self) -> bool:
        return True


async def test_a_mutation_that_does_not_write_through_the_kit_fails_loudly() -> None:
    schema = strawberry.Schema(query=_Query, mutation=_Mutation)
    result = await schema.execute("mutation { careless }", context_value=_Context())
    assert result.errors
    assert "write_once" in str(result.errors[0].original_error)
