"""Social security's projections of settlement's facts: settlement's envelopes go on the
test's `events.settlement` stream, the service's consumer applies them, and
`socialSecurityFacts` shows them with the event each came from."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest
import redis.asyncio as aioredis
from google.protobuf.message import Message

from fujian.events.settlement.v1 import events_pb2 as settlement
from servicekit.bus.replay import replay
from social_security.projections import subscription
from tests.bus.support import ProducerStream
from tests.bus.test_delivery import eventually
from tests.social_security.settlement_events import (
    XIAMEN_SIMING,
    hukou_changed,
    period,
    permit,
    person_registered,
)
from tests.social_security.settlement_events import (
    settlement_stream as settlement_stream_of,
)
from tests.support import ServiceUnderTest, caller

FACTS = """
query F($r: [_Any!]!) { _entities(representations: $r) { ... on Person { socialSecurityFacts {
  identity { birthDate sex source { producer eventId eventType version occurredAt } }
  hukou { type region { code name } recordedOn source { producer eventId eventType version } }
  residencePermits { id city { code } issuedOn validUntil revokedOn revocationReason expired
                     source { eventId eventType version } }
  residencePeriods { id city { code } startedOn endedOn source { eventId version } }
} } } }"""
PIPELINE = """
query { socialSecurityEvents {
  service outbox { pending published }
  consumer { group applied deadLetterCount streams { stream producer }
             deadLetters { eventId eventType errorCode attempts } }
} }"""
OPERATOR = caller("sre-1", "events:operate")


@pytest.fixture
def settlement_stream(service: ServiceUnderTest, redis: aioredis.Redis) -> ProducerStream:
    return settlement_stream_of(redis, service.settings.bus.namespace)


async def facts_of(service: ServiceUnderTest, *persons: uuid.UUID) -> list[dict[str, Any]]:
    data = await service.client.data(FACTS, {"r": [{"__typename": "Person", "id": str(p)} for p in persons]})
    return [entity["socialSecurityFacts"] for entity in data["_entities"]]


async def facts(service: ServiceUnderTest, person: uuid.UUID) -> dict[str, Any]:
    return (await facts_of(service, person))[0]


async def drained(stream: ProducerStream) -> bool:
    """Every entry on the stream delivered to social security's group and acknowledged."""
    info: dict[Any, Any] = await stream.redis.xinfo_stream(stream.stream)
    last = info["last-generated-id"]
    groups = await stream.redis.xinfo_groups(stream.stream)
    return any(
        g["name"] in (b"social-security", "social-security")
        and g["last-delivered-id"] == last
        and g["pending"] == 0
        for g in groups
    )


async def wait_until_consumed(stream: ProducerStream) -> None:
    async def check() -> bool:
        return await drained(stream)

    await eventually(check)


async def processed(service: ServiceUnderTest) -> set[str]:
    return {str(r["event_id"]) for r in await service.pool.fetch("SELECT event_id FROM processed_events")}


async def test_identity_and_hukou_reach_social_security_facts(
    service: ServiceUnderTest,
    settlement_stream: ProducerStream,
) -> None:
    person = uuid.uuid4()
    registered, hukou = await settlement_stream.publish(
        person_registered(person), hukou_changed(person, version=3)
    )
    await wait_until_consumed(settlement_stream)
    shared = await facts(service, person)
    identity = shared["identity"]
    assert (identity["birthDate"], identity["sex"]) == ("1985-04-12", "FEMALE")
    assert identity["source"] == {
        "producer": "settlement",
        "eventId": registered.event_id,
        "eventType": "fujian.events.settlement.v1.PersonRegistered",
        "version": 1,
        "occurredAt": registered.occurred_at.ToDatetime().isoformat() + "+00:00",
    }
    assert shared["hukou"] == {
        "type": "RURAL",
        "region": {"code": "350121", "name": "福建省福州市闽侯县"},
        "recordedOn": "2001-05-01",
        "source": {
            "producer": "settlement",
            "eventId": hukou.event_id,
            "eventType": "fujian.events.settlement.v1.HukouChanged",
            "version": 3,
        },
    }
    # Minimum necessary (PIPL): the name settlement sent is not kept.
    columns = {
        r["column_name"]
        for r in await service.pool.fetch(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'person_facts'"
        )
    }
    assert columns == {
        "person_id",
        "birth_date",
        "sex",
        "version",
        "source_event_id",
        "source_event_type",
        "source_occurred_at",
    }


async def test_every_residence_permit_event_reaches_social_security_facts(
    service: ServiceUnderTest,
    settlement_stream: ProducerStream,
) -> None:
    person = uuid.uuid4()
    issued, renewed, revoked, expired = (uuid.uuid4() for _ in range(4))
    envelopes = await settlement_stream.publish(
        permit(settlement.ResidencePermitIssued, issued, person, version=1),
        permit(settlement.ResidencePermitIssued, renewed, person, version=1),
        permit(settlement.ResidencePermitRenewed, renewed, person, version=2, valid_until="2021-06-30"),
        permit(settlement.ResidencePermitIssued, revoked, person, version=1),
        permit(
            settlement.ResidencePermitRevoked,
            revoked,
            person,
            version=2,
            revoked_on="2020-01-15",
            reason="迁出本市",
        ),
        permit(settlement.ResidencePermitIssued, expired, person, version=1),
        permit(settlement.ResidencePermitExpired, expired, person, version=2),
    )
    await wait_until_consumed(settlement_stream)
    permits = {p["id"]: p for p in (await facts(service, person))["residencePermits"]}
    common = {"city": {"code": "350102"}, "issuedOn": "2019-07-01"}
    assert permits == {
        str(issued): {
            **common,
            "id": str(issued),
            "validUntil": "2020-06-30",
            "revokedOn": None,
            "revocationReason": None,
            "expired": False,
            "source": {
                "eventId": envelopes[0].event_id,
                "eventType": "fujian.events.settlement.v1.ResidencePermitIssued",
                "version": 1,
            },
        },
        str(renewed): {
            **common,
            "id": str(renewed),
            "validUntil": "2021-06-30",
            "revokedOn": None,
            "revocationReason": None,
            "expired": False,
            "source": {
                "eventId": envelopes[2].event_id,
                "eventType": "fujian.events.settlement.v1.ResidencePermitRenewed",
                "version": 2,
            },
        },
        str(revoked): {
            **common,
            "id": str(revoked),
            "validUntil": "2020-06-30",
            "revokedOn": "2020-01-15",
            "revocationReason": "迁出本市",
            "expired": False,
            "source": {
                "eventId": envelopes[4].event_id,
                "eventType": "fujian.events.settlement.v1.ResidencePermitRevoked",
                "version": 2,
            },
        },
        str(expired): {
            **common,
            "id": str(expired),
            "validUntil": "2020-06-30",
            "revokedOn": None,
            "revocationReason": None,
            "expired": True,
            "source": {
                "eventId": envelopes[6].event_id,
                "eventType": "fujian.events.settlement.v1.ResidencePermitExpired",
                "version": 2,
            },
        },
    }


async def test_residence_periods_reach_social_security_facts_oldest_first(
    service: ServiceUnderTest,
    settlement_stream: ProducerStream,
) -> None:
    person = uuid.uuid4()
    later, earlier = uuid.uuid4(), uuid.uuid4()
    envelopes = await settlement_stream.publish(
        period(later, person, version=1, started_on="2020-09-01", city_code=XIAMEN_SIMING),
        period(earlier, person, version=1, started_on="2018-03-01"),
        period(earlier, person, version=2, started_on="2018-03-01", ended_on="2020-08-31"),
    )
    await wait_until_consumed(settlement_stream)
    assert (await facts(service, person))["residencePeriods"] == [
        {
            "id": str(earlier),
            "city": {"code": "350102"},
            "startedOn": "2018-03-01",
            "endedOn": "2020-08-31",
            "source": {"eventId": envelopes[2].event_id, "version": 2},
        },
        {
            "id": str(later),
            "city": {"code": XIAMEN_SIMING},
            "startedOn": "2020-09-01",
            "endedOn": None,
            "source": {"eventId": envelopes[0].event_id, "version": 1},
        },
    ]


async def test_facts_of_several_persons_are_each_their_own(
    service: ServiceUnderTest,
    settlement_stream: ProducerStream,
) -> None:
    first, second, unknown = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    await settlement_stream.publish(
        person_registered(first, sex=settlement.SEX_MALE),
        hukou_changed(second),
        period(uuid.uuid4(), first, version=1),
        permit(settlement.ResidencePermitIssued, uuid.uuid4(), second, version=1),
    )
    await wait_until_consumed(settlement_stream)
    one, two, nobody = await facts_of(service, first, second, unknown)
    assert (one["identity"]["sex"], one["hukou"], len(one["residencePeriods"]), one["residencePermits"]) == (
        "MALE",
        None,
        1,
        [],
    )
    assert (two["identity"], two["hukou"]["type"], two["residencePeriods"], len(two["residencePermits"])) == (
        None,
        "RURAL",
        [],
        1,
    )
    assert nobody == {"identity": None, "hukou": None, "residencePermits": [], "residencePeriods": []}


async def test_an_older_version_arriving_after_a_newer_one_changes_nothing(
    service: ServiceUnderTest,
    settlement_stream: ProducerStream,
) -> None:
    person, permit_id = uuid.uuid4(), uuid.uuid4()
    newer = await settlement_stream.publish(
        hukou_changed(
            person,
            version=2,
            hukou_type=settlement.HUKOU_TYPE_URBAN,
            region_code=XIAMEN_SIMING,
            recorded_on="2021-01-04",
        ),
        permit(
            settlement.ResidencePermitRevoked,
            permit_id,
            person,
            version=2,
            revoked_on="2020-01-15",
            reason="迁出本市",
        ),
    )
    older = await settlement_stream.publish(
        hukou_changed(person, version=1),
        permit(settlement.ResidencePermitIssued, permit_id, person, version=1),
    )
    await wait_until_consumed(settlement_stream)
    # Both older events were consumed, and neither changed the newer records.
    assert {e.event_id for e in older} <= await processed(service)
    shared = await facts(service, person)
    assert (
        shared["hukou"]["type"],
        shared["hukou"]["region"]["code"],
        shared["hukou"]["recordedOn"],
        shared["hukou"]["source"]["eventId"],
    ) == ("URBAN", XIAMEN_SIMING, "2021-01-04", newer[0].event_id)
    [kept] = shared["residencePermits"]
    assert (kept["revokedOn"], kept["source"]["eventId"]) == ("2020-01-15", newer[1].event_id)


async def test_a_duplicate_delivery_is_applied_once(
    service: ServiceUnderTest,
    settlement_stream: ProducerStream,
) -> None:
    person, period_id = uuid.uuid4(), uuid.uuid4()
    opened = settlement_stream.envelope(period(period_id, person, version=1))
    ended = settlement_stream.envelope(period(period_id, person, version=2, ended_on="2020-08-31"))
    # The relay publishes an event again after a crash between XADD and marking the row.
    for envelope in (opened, ended, opened, ended):
        await settlement_stream.put(envelope)
    await wait_until_consumed(settlement_stream)
    pipeline = (await service.client.data(PIPELINE, as_caller=OPERATOR))["socialSecurityEvents"]
    assert (pipeline["consumer"]["applied"], pipeline["consumer"]["deadLetterCount"]) == (2, 0)
    assert await processed(service) == {opened.event_id, ended.event_id}
    [kept] = (await facts(service, person))["residencePeriods"]
    assert (kept["endedOn"], kept["source"]["eventId"]) == ("2020-08-31", ended.event_id)


def _with(event: Message, **changes: Any) -> Message:
    for name, value in changes.items():
        setattr(event, name, value)
    return event


def _permit_with_id(person: uuid.UUID, permit_id: str) -> Message:
    event = permit(settlement.ResidencePermitIssued, uuid.uuid4(), person, version=1)
    event.permit.permit_id = permit_id
    return event


MALFORMED: dict[str, Callable[[uuid.UUID], Message]] = {
    "unspecified hukou type": lambda p: hukou_changed(p, hukou_type=settlement.HUKOU_TYPE_UNSPECIFIED),
    "hukou type this build does not know": lambda p: hukou_changed(
        p, hukou_type=settlement.HukouType.ValueType(7)
    ),
    "impossible birth date": lambda p: person_registered(p, birth_date="1990-02-30"),
    "unspecified sex": lambda p: person_registered(p, sex=settlement.SEX_UNSPECIFIED),
    "no version": lambda p: hukou_changed(p, version=0),
    "permit id that is no uuid": lambda p: _permit_with_id(p, "JZZ-1"),
    "revocation without its date": lambda p: permit(
        settlement.ResidencePermitRevoked, uuid.uuid4(), p, version=2, reason="迁出本市"
    ),
    "unknown region": lambda p: period(uuid.uuid4(), p, version=1, city_code="359999"),
}


@pytest.mark.parametrize("make", MALFORMED.values(), ids=MALFORMED.keys())
async def test_a_malformed_event_is_dead_lettered_and_the_consumer_goes_on(
    service: ServiceUnderTest,
    settlement_stream: ProducerStream,
    make: Callable[[uuid.UUID], Message],
) -> None:
    person = uuid.uuid4()
    [bad] = await settlement_stream.publish(make(person))
    [good] = await settlement_stream.publish(period(uuid.uuid4(), person, version=1))

    async def next_one_applied() -> bool:
        return len((await facts(service, person))["residencePeriods"]) == 1

    await eventually(next_one_applied)
    consumer = (await service.client.data(PIPELINE, as_caller=OPERATOR))["socialSecurityEvents"]["consumer"]
    assert consumer["deadLetterCount"] == 1
    assert consumer["deadLetters"] == [
        {"eventId": bad.event_id, "eventType": bad.type, "errorCode": "MALFORMED_EVENT", "attempts": 1}
    ]
    assert await processed(service) == {good.event_id}
    shared = await facts(service, person)
    assert (shared["identity"], shared["hukou"], shared["residencePermits"]) == (None, None, [])


async def test_the_event_pipeline_is_for_operators_only(
    service: ServiceUnderTest,
    settlement_stream: ProducerStream,
) -> None:
    error = await service.client.error(PIPELINE)
    assert error["extensions"]["code"] == "FORBIDDEN"
    pipeline = (await service.client.data(PIPELINE, as_caller=OPERATOR))["socialSecurityEvents"]
    assert pipeline["service"] == "social-security"
    assert pipeline["consumer"]["group"] == "social-security"
    assert pipeline["consumer"]["streams"] == [
        {"stream": settlement_stream.stream, "producer": "settlement"},
        {"stream": settlement_stream.stream.replace("settlement", "employment"), "producer": "employment"},
    ]


async def test_replay_rebuilds_the_projections_from_the_stream(
    service: ServiceUnderTest,
    settlement_stream: ProducerStream,
    redis: aioredis.Redis,
) -> None:
    person = uuid.uuid4()
    await settlement_stream.publish(
        person_registered(person),
        hukou_changed(person, version=1),
        hukou_changed(person, version=2, hukou_type=settlement.HUKOU_TYPE_URBAN),
        permit(settlement.ResidencePermitIssued, uuid.uuid4(), person, version=1),
        period(uuid.uuid4(), person, version=1),
        hukou_changed(person, version=0),  # dead-lettered: replay skips it
    )
    await wait_until_consumed(settlement_stream)
    before = await facts(service, person)
    await service.pool.execute("DELETE FROM hukou_facts")  # a projection gone wrong

    report = await replay(service.pool, redis, subscription, namespace=service.settings.bus.namespace)
    assert (report.read, report.applied, report.rejected) == (6, 5, 1)
    assert await facts(service, person) == before


async def test_an_envelope_with_an_impossible_time_is_dead_lettered(
    service: ServiceUnderTest,
    settlement_stream: ProducerStream,
) -> None:
    person = uuid.uuid4()
    bad = settlement_stream.envelope(period(uuid.uuid4(), person, version=1))
    bad.occurred_at.seconds = 10**12  # after the year 9999
    await settlement_stream.put(bad)
    await settlement_stream.publish(period(uuid.uuid4(), person, version=1))

    async def next_one_applied() -> bool:
        return len((await facts(service, person))["residencePeriods"]) == 1

    await eventually(next_one_applied, within=3)
    assert await service.pool.fetchval("SELECT error_code FROM dead_letters") == "MALFORMED_EVENT"
