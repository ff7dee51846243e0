"""Settlement's rule-test cases (tests/rules/clause-14.yaml, clause-16.yaml) through its own
API: each case's facts recorded with the demo hook's mutations (devstack.demo.settlement
.record_case), social security's poverty registrations put in settlement's projection as its
events would, and Person.settlement.entitlements(asOf) compared with what the case expects."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime
from typing import Any, cast

from devstack.demo.gateway import Gateway
from devstack.demo.settlement import record_case, register_case_person
from servicekit.entitlements.cases import Case, load_case_file
from tests.ids import id_number_for
from tests.rules.cases import FOLDER
from tests.support import ServiceUnderTest

QUERY = """
query Q($id: ID!, $asOf: Date!) { person(id: $id) { settlement { entitlements(asOf: $asOf) {
  code status eligibleFrom validTo reasons { code }
} } } }"""

CODES = ("SETTLEMENT_RESIDENCE_PERMIT", "SETTLEMENT_HUKOU_PRIORITY", "SETTLEMENT_RURAL_RIGHTS_RETAINED")


def cases() -> list[Case]:
    return [
        case
        for name in ("clause-14.yaml", "clause-16.yaml")
        for case in load_case_file(FOLDER / name).cases
        if any(code in CODES for code in case.expect)
    ]


async def test_every_settlement_case_through_the_api(settlement: ServiceUnderTest) -> None:
    loop = asyncio.get_running_loop()

    def call(query: str, variables: dict[str, Any]) -> dict[str, Any]:
        return asyncio.run_coroutine_threadsafe(settlement.client.data(query, variables), loop).result()

    gateway = cast(Gateway, call)
    failures: list[str] = []
    for n, case in enumerate(cases()):
        person = case.person
        number = id_number_for(person.born, person.sex, n)
        person_id = await asyncio.to_thread(register_case_person, gateway, case, number)
        await asyncio.to_thread(record_case, gateway, person_id, case)
        for i, p in enumerate(person.poverty):
            await settlement.pool.execute(
                """
                INSERT INTO poverty_registration_facts (registration_id, person_id, household_number,
                    registered_on, lifted_on, version, source_event_id, source_event_type, source_occurred_at)
                VALUES ($1, $2, $3, $4, $5, 1, $6, 'fujian.events.social_security.v1.PovertyRegistered', $7)
                """,
                uuid.uuid4(),
                uuid.UUID(person_id),
                f"{p.household}-{i}",
                p.registered,
                p.lifted,
                uuid.uuid4(),
                datetime.now(UTC),
            )
        data = await settlement.client.data(QUERY, {"id": person_id, "asOf": case.as_of.isoformat()})
        found = {e["code"]: e for e in data["person"]["settlement"]["entitlements"]}
        for code, expectation in case.expect.items():
            if code not in CODES:
                continue
            got = found[code]
            if got["status"] != expectation.status.value:
                failures.append(f"{case.name}: {code} status {got['status']} (expected {expectation.status})")
            if expectation.reasons is not None and sorted(r["code"] for r in got["reasons"]) != sorted(
                expectation.reasons
            ):
                failures.append(f"{case.name}: {code} reasons {[r['code'] for r in got['reasons']]}")
            for key, field in (("eligible_from", "eligibleFrom"), ("valid_to", "validTo")):
                if key in expectation.model_fields_set:
                    want = getattr(expectation, key)
                    if got[field] != (None if want is None else want.isoformat()):
                        failures.append(f"{case.name}: {code} {field} {got[field]} (expected {want})")
    assert not failures, "\n".join(failures)
