"""Settlement's projection of social-security's poverty registrations: envelopes go on the
test's `events.social-security` stream as social-security's relay would put them, the
service's consumer applies them, and `Person.settlementFacts` shows them with their source.
`settlementEvents` shows the pipeline to operators."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import pytest
import redis.asyncio as aioredis

from fujian.events.social_security.v1.events_pb2 import PovertyLifted, PovertyRegistered
from tests.bus.support import ProducerStream, eventually
from tests.settlement.helpers import HUKOU, OPERATOR, register
from tests.support import ServiceUnderTest, caller

FACTS = """
query Facts($id: ID!) { person(id: $id) { settlementFacts { poverty {
  id householdNumber registeredOn liftedOn
  source { producer eventId eventType version occurredAt }
} } } }"""
MANY_FACTS = """
query Many($region: String!) { persons(regionCode: $region, first: 50) { items {
  id settlementFacts { poverty { id householdNumber } }
} } }"""
PIPELINE = """
query { settlementEvents {
  service outbox { pending published oldestPendingAt lastPublishedAt }
  consumer { group applied deadLetterCount streams { stream producer length pending lag }
             deadLetters { eventId eventType errorCode } }
} }"""


@pytest.fixture
def social_security(settlement: ServiceUnderTest, redis: aioredis.Redis) -> ProducerStream:
    return ProducerStream(redis, settlement.settings.bus.namespace, "social-security")


def registered(
    registration: uuid.UUID,
    person: str,
    *,
    household: str = "H350121-0007",
    registered_on: str = "2016-03-01",
    version: int = 1,
) -> PovertyRegistered:
    return PovertyRegistered(
        registration_id=str(registration),
        person_id=person,
        household_number=household,
        registered_on=registered_on,
        version=version,
    )


def lifted(
    registration: uuid.UUID, person: str, *, lifted_on: str = "2020-12-31", version: int = 2
) -> PovertyLifted:
    return PovertyLifted(
        registration_id=str(registration),
        person_id=person,
        household_number="H350121-0007",
        registered_on="2016-03-01",
        lifted_on=lifted_on,
        version=version,
    )


async def poverty(settlement: ServiceUnderTest, person: str) -> list[dict[str, Any]]:
    data = await settlement.client.data(FACTS, {"id": person})
    facts: list[dict[str, Any]] = data["person"]["settlementFacts"]["poverty"]
    return facts


async def pipeline(settlement: ServiceUnderTest) -> dict[str, Any]:
    data = await settlement.client.data(PIPELINE, as_caller=OPERATOR)
    status: dict[str, Any] = data["settlementEvents"]
    return status


async def caught_up(settlement: ServiceUnderTest, producer: ProducerStream, entries: int) -> None:
    """Wait until the consumer has read and acknowledged `entries` stream entries: the
    stream holds that many, settlement's group was delivered the last of them and has none
    pending. `lag` says the same on Redis 7, but Redis 6.2 (the embedded one) reports it as
    null, so the group's last-delivered id is what is compared."""

    async def done() -> bool:
        streams = (await pipeline(settlement))["consumer"]["streams"]
        [stream] = [s for s in streams if s["stream"] == producer.stream]
        if not (stream["length"] == entries and stream["pending"] == 0 and stream["lag"] in (0, None)):
            return False
        last = await producer.redis.xrevrange(producer.stream, count=1)
        groups = await producer.redis.xinfo_groups(producer.stream)
        return bool(last) and any(
            g["name"] in (b"settlement", "settlement") and g["last-delivered-id"] == last[0][0]
            for g in groups
        )

    await eventually(done)


async def test_a_registration_and_its_lifting_reach_settlement_facts_with_their_source(
    settlement: ServiceUnderTest,
    social_security: ProducerStream,
) -> None:
    person = await register(settlement.client)
    registration = uuid.uuid4()
    assert await poverty(settlement, person) == []
    (first,) = await social_security.publish(registered(registration, person))

    async def projected(version: int) -> bool:
        facts = await poverty(settlement, person)
        return bool(facts) and facts[0]["source"]["version"] == version

    await eventually(lambda: projected(1))
    [fact] = await poverty(settlement, person)
    assert fact == {
        "id": str(registration),
        "householdNumber": "H350121-0007",
        "registeredOn": "2016-03-01",
        "liftedOn": None,
        "source": {
            "producer": "social-security",
            "eventId": first.event_id,
            "eventType": "fujian.events.social_security.v1.PovertyRegistered",
            "version": 1,
            "occurredAt": fact["source"]["occurredAt"],
        },
    }
    occurred_at = datetime.fromisoformat(fact["source"]["occurredAt"])
    assert occurred_at == first.occurred_at.ToDatetime(tzinfo=UTC)

    (second,) = await social_security.publish(lifted(registration, person))
    await eventually(lambda: projected(2))
    [fact] = await poverty(settlement, person)
    assert (fact["liftedOn"], fact["source"]["eventId"], fact["source"]["eventType"]) == (
        "2020-12-31",
        second.event_id,
        "fujian.events.social_security.v1.PovertyLifted",
    )


async def test_an_older_version_arriving_after_a_newer_one_changes_nothing(
    settlement: ServiceUnderTest,
    social_security: ProducerStream,
) -> None:
    person = await register(settlement.client)
    registration = uuid.uuid4()
    (newer,) = await social_security.publish(lifted(registration, person, version=2))
    await social_security.publish(registered(registration, person, household="H-OLD", version=1))
    await caught_up(settlement, social_security, entries=2)
    [fact] = await poverty(settlement, person)
    assert (
        fact["householdNumber"],
        fact["liftedOn"],
        fact["source"]["version"],
        fact["source"]["eventId"],
    ) == ("H350121-0007", "2020-12-31", 2, newer.event_id)
    # Both were applied (recorded as processed); the older one just lost to the newer.
    assert (await pipeline(settlement))["consumer"]["applied"] == 2


async def test_a_duplicate_delivery_is_applied_once(
    settlement: ServiceUnderTest,
    social_security: ProducerStream,
) -> None:
    person = await register(settlement.client)
    registration = uuid.uuid4()
    envelope = social_security.envelope(registered(registration, person))
    await social_security.put(envelope)
    await social_security.put(envelope)  # the relay re-publishing after a crash
    await caught_up(settlement, social_security, entries=2)
    status = await pipeline(settlement)
    assert (status["consumer"]["applied"], status["consumer"]["deadLetterCount"]) == (1, 0)
    assert (
        await settlement.pool.fetchval(
            "SELECT count(*) FROM processed_events WHERE event_id = $1", uuid.UUID(envelope.event_id)
        )
        == 1
    )
    assert [f["id"] for f in await poverty(settlement, person)] == [str(registration)]


@pytest.mark.parametrize(
    "event",
    [
        registered(uuid.uuid4(), str(uuid.uuid4()), registered_on="2016-02-30"),
        registered(uuid.uuid4(), str(uuid.uuid4()), registered_on=""),
        registered(uuid.uuid4(), str(uuid.uuid4()), version=0),
        registered(uuid.uuid4(), str(uuid.uuid4()), household=""),
        PovertyRegistered(
            registration_id="not-a-uuid",
            person_id=str(uuid.uuid4()),
            household_number="H-1",
            registered_on="2016-03-01",
            version=1,
        ),
        lifted(uuid.uuid4(), str(uuid.uuid4()), lifted_on=""),
    ],
    ids=[
        "impossible-date",
        "no-registered-on",
        "no-version",
        "no-household",
        "bad-id",
        "lifted-without-date",
    ],
)
async def test_a_malformed_registration_is_dead_lettered_at_once(
    settlement: ServiceUnderTest,
    social_security: ProducerStream,
    event: PovertyRegistered | PovertyLifted,
) -> None:
    (envelope,) = await social_security.publish(event)
    await caught_up(settlement, social_security, entries=1)
    consumer = (await pipeline(settlement))["consumer"]
    assert (consumer["applied"], consumer["deadLetterCount"]) == (0, 1)
    assert consumer["deadLetters"] == [
        {"eventId": envelope.event_id, "eventType": envelope.type, "errorCode": "MALFORMED_EVENT"}
    ]
    assert await settlement.pool.fetchval("SELECT count(*) FROM poverty_registration_facts") == 0


async def test_a_page_of_persons_gets_each_persons_own_facts_oldest_first(
    settlement: ServiceUnderTest,
    social_security: ProducerStream,
) -> None:
    persons = [await register(settlement.client) for _ in range(3)]
    for person in persons:
        await settlement.client.data(
            HUKOU,
            {
                "input": {
                    "personId": person,
                    "type": "RURAL",
                    "regionCode": "350121",
                    "recordedOn": "2000-01-01",
                }
            },
        )
    a, b, _ = persons
    await social_security.publish(registered(uuid.uuid4(), a, household="A-2", registered_on="2019-01-01"))
    await social_security.publish(registered(uuid.uuid4(), a, household="A-1", registered_on="2016-01-01"))
    await social_security.publish(registered(uuid.uuid4(), b, household="B-1"))
    await caught_up(settlement, social_security, entries=3)
    data = await settlement.client.data(MANY_FACTS, {"region": "350121"})
    households = {
        p["id"]: [f["householdNumber"] for f in p["settlementFacts"]["poverty"]]
        for p in data["persons"]["items"]
    }
    assert households == {a: ["A-1", "A-2"], b: ["B-1"], persons[2]: []}


async def test_settlement_events_needs_the_operate_scope(settlement: ServiceUnderTest) -> None:
    person = await register(settlement.client)
    query = """query Q($id: ID!) { person(id: $id) { id } settlementEvents { service } }"""
    officer = caller("officer-1", "person:read", "settlement:id-number:read")
    for who in (True, officer):
        body = await settlement.client.execute(query, {"id": person}, as_caller=who)
        [error] = body["errors"]
        assert (error["extensions"]["code"], error["path"]) == ("FORBIDDEN", ["settlementEvents"])
        # Only the operators' field is withheld; the rest of the operation is answered.
        assert body["data"] == {"person": {"id": person}, "settlementEvents": None}
    # An operator sees the pipeline, and no person (least privilege).
    body = await settlement.client.execute(query, {"id": person}, as_caller=OPERATOR)
    assert body["data"] == {"person": None, "settlementEvents": {"service": "settlement"}}
    assert [e["extensions"]["scope"] for e in body["errors"]] == ["person:read"]


async def test_settlement_events_reports_the_outbox_and_the_consumer(
    settlement: ServiceUnderTest,
) -> None:
    status = await pipeline(settlement)
    assert status["service"] == "settlement"
    assert (status["outbox"]["pending"], status["outbox"]["published"]) == (0, 0)
    assert status["consumer"]["group"] == "settlement"
    namespace = settlement.settings.bus.namespace
    assert [(s["stream"], s["producer"]) for s in status["consumer"]["streams"]] == [
        (f"{namespace}events.social-security", "social-security"),
        (f"{namespace}events.employment", "employment"),
    ]

    for _ in range(3):
        await register(settlement.client)
    # Committed but not published yet, or already published: never lost in between.
    counts = (await pipeline(settlement))["outbox"]
    assert counts["pending"] + counts["published"] == 3

    async def all_published() -> bool:
        outbox = (await pipeline(settlement))["outbox"]
        return bool(outbox["published"] == 3 and outbox["pending"] == 0)

    await eventually(all_published)
    outbox = (await pipeline(settlement))["outbox"]
    assert outbox["oldestPendingAt"] is None and outbox["lastPublishedAt"] is not None
