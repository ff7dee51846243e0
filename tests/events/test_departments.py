"""Facts shared between departments (clause 十九): a change committed by its owner
appears in the other department's projection, naming the event and version it came from.

Settlement and social-security run in process, on their own databases, sharing this
test's stream namespace on the real Redis."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from servicekit.contracts.registry import decode, parse_envelope
from servicekit.values import today
from settlement.app import SPEC as SETTLEMENT
from social_security.app import SPEC as SOCIAL_SECURITY
from tests.bus.support import eventually
from tests.conftest import ServeFactory
from tests.ids import make_id_number
from tests.support import ServiceUnderTest

SOURCE = "source { producer eventId eventType version }"

SOCIAL_SECURITY_FACTS = f"""
query F($r: [_Any!]!) {{ _entities(representations: $r) {{ ... on Person {{
  socialSecurityFacts {{
    identity {{ birthDate sex {SOURCE} }}
    hukou {{ type region {{ code }} recordedOn {SOURCE} }}
    residencePermits {{ id city {{ code }} validUntil revokedOn expired {SOURCE} }}
    residencePeriods {{ city {{ code }} startedOn endedOn {SOURCE} }}
  }}
}} }} }}"""

SETTLEMENT_FACTS = f"""
query F($id: ID!) {{ person(id: $id) {{
  settlementFacts {{ poverty {{ id householdNumber registeredOn liftedOn {SOURCE} }} }}
}} }}"""


async def mutate(service: ServiceUnderTest, name: str, input_type: str, data: dict[str, Any]) -> Any:
    result = await service.client.data(
        f"mutation M($i: {input_type}!) {{ {name}(input: $i) {{ id }} }}", {"i": data}
    )
    return result[name]["id"]


async def outbox_events(service: ServiceUnderTest) -> dict[str, Any]:
    """event id → decoded event, of everything the service emitted."""
    rows = await service.pool.fetch("SELECT event_id, envelope FROM event_outbox ORDER BY sequence")
    return {str(r["event_id"]): decode(parse_envelope(r["envelope"])) for r in rows}


async def social_security_facts(service: ServiceUnderTest, person_id: str) -> dict[str, Any]:
    data = await service.client.data(
        SOCIAL_SECURITY_FACTS, {"r": [{"__typename": "Person", "id": person_id}]}
    )
    facts: dict[str, Any] = data["_entities"][0]["socialSecurityFacts"]
    return facts


async def test_settlement_facts_reach_social_security(serve: ServeFactory) -> None:
    settlement = await serve(SETTLEMENT)
    social_security = await serve(SOCIAL_SECURITY)
    pid = await mutate(
        settlement,
        "registerPerson",
        "RegisterPersonInput",
        {"name": "林阿土", "idNumber": make_id_number("350121", serial=7)},
    )
    await mutate(
        settlement,
        "recordHukou",
        "RecordHukouInput",
        {"personId": pid, "type": "RURAL", "regionCode": "350121", "recordedOn": "2001-01-01"},
    )
    # Dates around today: a permit that never ran out, so no expiry sweep publishes
    # ResidencePermitExpired between its issue and its renewal.
    now = today()
    issued_on, valid_until = now - timedelta(days=365), now + timedelta(days=365)
    renewed_until = now + timedelta(days=3 * 365)
    permit = await mutate(
        settlement,
        "issueResidencePermit",
        "IssueResidencePermitInput",
        {
            "personId": pid,
            "cityCode": "350100",
            "issuedOn": issued_on.isoformat(),
            "validUntil": valid_until.isoformat(),
        },
    )
    await mutate(
        settlement,
        "renewResidencePermit",
        "RenewResidencePermitInput",
        {"permitId": permit, "validUntil": renewed_until.isoformat()},
    )
    await mutate(
        settlement,
        "recordResidencePeriod",
        "RecordResidencePeriodInput",
        {"personId": pid, "cityCode": "350100", "startedOn": "2023-06-01"},
    )

    async def all_arrived() -> bool:
        facts = await social_security_facts(social_security, pid)
        return bool(
            facts["identity"]
            and facts["hukou"]
            and facts["residencePeriods"]
            and facts["residencePermits"]
            and facts["residencePermits"][0]["source"]["version"] == 2
        )

    await eventually(all_arrived)
    facts = await social_security_facts(social_security, pid)
    assert facts["hukou"]["type"] == "RURAL" and facts["hukou"]["region"] == {"code": "350121"}
    # serial 7 is odd: a man, born on make_id_number's default 1990-01-01
    assert facts["identity"]["birthDate"] == "1990-01-01" and facts["identity"]["sex"] == "MALE"
    (held,) = facts["residencePermits"]
    assert held["id"] == permit and held["validUntil"] == renewed_until.isoformat()
    assert not held["expired"] and held["revokedOn"] is None
    # Every projected fact names the settlement event it came from, and that event says
    # exactly what the projection holds.
    emitted = await outbox_events(settlement)
    for fact in (facts["identity"], facts["hukou"], held, facts["residencePeriods"][0]):
        source = fact["source"]
        assert source["producer"] == "settlement"
        event = emitted[source["eventId"]]
        assert event.DESCRIPTOR.full_name == source["eventType"]
        assert event.version == source["version"]
    assert [e.DESCRIPTOR.name for e in emitted.values()] == [
        "PersonRegistered",
        "HukouChanged",
        "ResidencePermitIssued",
        "ResidencePermitRenewed",
        "ResidencePeriodRecorded",
    ]


async def test_poverty_registration_reaches_settlement_and_follows_its_lifting(
    serve: ServeFactory,
) -> None:
    settlement = await serve(SETTLEMENT)
    social_security = await serve(SOCIAL_SECURITY)
    pid = await mutate(
        settlement,
        "registerPerson",
        "RegisterPersonInput",
        {"name": "林阿土", "idNumber": make_id_number("350121", serial=8)},
    )
    registration = await mutate(
        social_security,
        "registerPoverty",
        "RegisterPovertyInput",
        {"personId": pid, "householdNumber": "350121-0042", "registeredOn": "2015-03-01"},
    )

    async def poverty(version: int) -> dict[str, Any] | None:
        data = await settlement.client.data(SETTLEMENT_FACTS, {"id": pid})
        held = data["person"]["settlementFacts"]["poverty"]
        return held[0] if held and held[0]["source"]["version"] == version else None

    async def registered() -> bool:
        return await poverty(1) is not None

    await eventually(registered)
    held = await poverty(1)
    assert held is not None
    assert held["id"] == registration and held["householdNumber"] == "350121-0042"
    assert held["liftedOn"] is None

    await mutate(
        social_security, "liftPoverty", "LiftPovertyInput", {"personId": pid, "liftedOn": "2020-12-31"}
    )

    async def lifted() -> bool:
        return await poverty(2) is not None

    await eventually(lifted)
    held = await poverty(2)
    assert held is not None and held["liftedOn"] == "2020-12-31"
    assert held["source"]["eventType"] == "fujian.events.social_security.v1.PovertyLifted"
    emitted = await outbox_events(social_security)
    assert emitted[held["source"]["eventId"]].lifted_on == "2020-12-31"
