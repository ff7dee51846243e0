"""The rule-test files (tests/rules/*.yaml) end to end: each case's persona is recorded
through the gateway with the suite's own mutations, the bus is left to come to rest (every
department's projections hold the facts), and the gateway's view of the person's
entitlements as of the case's date must give the answers the case expects — the same
answers the pure rules give in tests/rules/test_rule_cases.py."""

from __future__ import annotations

import importlib
import itertools
from typing import Any

import httpx
import pytest

from devstack.demo.gateway import FIND, Gateway
from devstack.ids import id_number_for
from devstack.processes import Stack
from servicekit.entitlements.cases import Answer, Case
from tests.e2e.client import Quiet, ok
from tests.rules.cases import all_cases, books

pytestmark = pytest.mark.e2e

CASES = all_cases()
BOOKS = books()
_serials = itertools.count(1)


# Each department's part of Person holds its entitlements: person { settlement { … } … }.
VIEW = (
    "query Entitlements($id: ID!, $asOf: Date) { person(id: $id) { "
    + " ".join(
        f"{b.department.field} {{ entitlements(asOf: $asOf) {{ code status eligibleFrom validTo "
        "amount { fen } reasons { code } } }"
        for b in BOOKS
    )
    + " } }"
)


def free_id_number(gateway: Gateway, case: Case) -> str:
    """A valid ID number with the case's birth date and sex that nobody has yet."""
    person = case.person
    for _ in range(50):
        number = id_number_for(person.born, person.sex, next(_serials))
        if not gateway(FIND, {"n": number})["personByIdNumber"]:
            return number
    raise AssertionError(f"no free ID number for a person born {person.born}")


def mismatches(case: Case, found: dict[str, dict[str, Any]]) -> list[str]:
    problems = []
    for code, expected in case.expect.items():
        if code not in found:
            problems.append(f"{code}: not in the view")
        else:
            problems += [f"{code}: {p}" for p in expected.mismatches(Answer.from_graphql(found[code]))]
    return problems


@pytest.mark.parametrize(("file", "case"), CASES, ids=[f"{f}: {c.name}" for f, c in CASES])
async def test_case_through_the_gateway(stack: Stack, quiet: Quiet, file: str, case: Case) -> None:
    token = {"authorization": f"Bearer {stack.token('clerk')}"}
    with httpx.Client(base_url=stack.by_name("gateway").url, timeout=30, headers=token) as client:
        gateway = Gateway(client)
        settlement = importlib.import_module("devstack.demo.settlement")
        person_id: str = settlement.register_case_person(gateway, case, free_id_number(gateway, case))
        for book in BOOKS:
            importlib.import_module(f"devstack.demo.{book.department.package}").record_case(
                gateway, person_id, case
            )
    await quiet.wait()
    person = ok(stack, VIEW, {"id": person_id, "asOf": case.as_of.isoformat()})["person"]
    found = {e["code"]: e for b in BOOKS for e in (person[b.department.field] or {}).get("entitlements", [])}
    problems = mismatches(case, found)
    assert not problems, "\n".join(problems)
