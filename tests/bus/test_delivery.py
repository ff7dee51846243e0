"""Outbox → relay → stream → consumer → projection, with real PostgreSQL and Redis:
arrival, redelivery without double application, and dead letters."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from datetime import UTC, datetime
from typing import Any

import redis.asyncio as aioredis
from opentelemetry.sdk.metrics.export import InMemoryMetricReader

from devstack.servers import Infra
from fujian.events.options.v1.options_pb2 import SubjectType
from fujian.events.testing.v1.events_pb2 import RulesVersionPublished
from servicekit.app import BUS_MIGRATIONS
from servicekit.bus.relay import Relay
from servicekit.bus.streams import dead_letter_stream, event_stream
from servicekit.contracts.registry import Envelope, parse_envelope, wrap
from servicekit.db import create_pool
from servicekit.migrations import migrate_dsn
from servicekit.settings import BusSettings
from tests.bus import probe
from tests.bus.conftest import counter_total
from tests.bus.support import eventually, seen, times_handled, xadd_envelope
from tests.conftest import FreshDatabase, ServeFactory
from tests.support import ServiceUnderTest, caller, serve_in_process

__all__ = ["eventually"]  # re-exported: the service tests import it from here

OPERATOR = caller("sre-1", "events:operate")


def envelope_of(event: probe.ProbeEvent, producer: str = probe.PRODUCER) -> Envelope:
    return wrap(event, producer=producer, occurred_at=datetime.now(UTC), sequence=1)


async def test_an_event_committed_by_the_producer_reaches_the_consumers_projection(
    serve: ServeFactory,
) -> None:
    producer = await serve(probe.PRODUCER_SPEC)
    consumer = await serve(probe.CONSUMER_SPEC)
    reg, person = uuid.uuid4(), uuid.uuid4()
    await probe.produce(producer.pool, probe.opened(reg, person, "H-0001"))

    async def arrived() -> bool:
        return reg in await seen(consumer.pool)

    await eventually(arrived)
    row = (await seen(consumer.pool))[reg]
    outbox = await producer.pool.fetchrow("SELECT * FROM event_outbox")
    assert row["source_event_id"] == outbox["event_id"]
    assert row["version"] == 1

    async def marked_published() -> bool:  # the relay marks the row just after its XADD
        return await producer.pool.fetchval("SELECT published_at IS NOT NULL FROM event_outbox")

    await eventually(marked_published)


async def test_events_committed_while_no_relay_ran_are_published_once_it_starts(
    serve: ServeFactory,
    infra: Infra,
    fresh_database: FreshDatabase,
    bus: BusSettings,
) -> None:
    # The producer's process died after committing and before publishing: its rows are in
    # the outbox, nothing is on the stream. The next relay to start publishes them. No
    # producer runs while the events are committed, so no relay can have published them.
    consumer = await serve(probe.CONSUMER_SPEC)
    dsn = await fresh_database("probe_producer")
    await migrate_dsn(dsn, BUS_MIGRATIONS)
    await migrate_dsn(dsn, probe.PRODUCER_SPEC.migrations)
    regs = [uuid.uuid4() for _ in range(5)]
    pool = await create_pool(dsn, min_size=1, max_size=2)
    try:
        event_ids = await probe.produce(pool, *(probe.opened(r, uuid.uuid4(), "H-0002") for r in regs))
        pending = await pool.fetchval("SELECT count(*) FROM event_outbox WHERE published_at IS NULL")
    finally:
        await pool.close()
    assert pending == 5
    assert await seen(consumer.pool) == {}

    async with serve_in_process(probe.PRODUCER_SPEC, dsn, infra.redis_url, bus) as producer:

        async def all_arrived() -> bool:
            return set(await seen(consumer.pool)) == set(regs)

        await eventually(all_arrived)
        assert await times_handled(consumer.pool) == dict.fromkeys(event_ids, 1)

        async def all_marked() -> bool:
            return not await producer.pool.fetchval(
                "SELECT count(*) FROM event_outbox WHERE published_at IS NULL"
            )

        await eventually(all_marked)
        stream = event_stream(bus.namespace, probe.PRODUCER)
        assert await producer.app.state.redis.xlen(stream) == 5


async def test_a_row_published_twice_is_applied_once(
    serve: ServeFactory,
    metric_reader: InMemoryMetricReader,
) -> None:
    # The relay crashed after XADD and before marking the row: it publishes it again.
    consumer = await serve(probe.CONSUMER_SPEC)
    producer = await serve(probe.PRODUCER_SPEC)
    duplicates_before = counter_total(metric_reader, "bus.events.duplicates")
    reg = uuid.uuid4()
    await probe.produce(producer.pool, probe.opened(reg, uuid.uuid4(), "H-0003"))

    async def arrived() -> bool:
        return reg in await seen(consumer.pool)

    await eventually(arrived)

    # The relay marks the row a moment after its XADD, so the consumer may have applied
    # the event before the mark: un-marking earlier would be undone by that mark, and
    # the row would never be published again.
    async def marked_published() -> bool:
        return await producer.pool.fetchval("SELECT published_at IS NOT NULL FROM event_outbox")

    await eventually(marked_published)
    await producer.pool.execute("UPDATE event_outbox SET published_at = NULL, stream_entry_id = NULL")
    stream = event_stream(producer.settings.bus.namespace, probe.PRODUCER)

    async def published_twice() -> bool:
        return await producer.app.state.redis.xlen(stream) == 2

    await eventually(published_twice)

    async def duplicate_skipped() -> bool:
        return counter_total(metric_reader, "bus.events.duplicates") > duplicates_before

    await eventually(duplicate_skipped)
    assert list((await times_handled(consumer.pool)).values()) == [1]
    assert await consumer.pool.fetchval("SELECT count(*) FROM processed_events") == 1


async def test_an_entry_applied_but_not_acknowledged_is_claimed_and_not_applied_again(
    infra: Infra,
    fresh_database: FreshDatabase,
    bus: BusSettings,
) -> None:
    # A consumer replica applied an event and died before XACK: the entry stays pending
    # under its name. The live consumer claims it after redelivery_idle, finds the event
    # id recorded, acknowledges it, and the projection is unchanged.
    # A redelivery_idle of 3 s leaves ample time to start the consumer and apply the entry
    # as the replica before the live consumer may claim it.
    slow_claims = bus.model_copy(update={"redelivery_idle_ms": 3000})
    dsn = await fresh_database("probe_consumer")
    stream = event_stream(bus.namespace, probe.PRODUCER)
    async with contextlib.AsyncExitStack() as stack:
        redis = aioredis.from_url(infra.redis_url)
        stack.push_async_callback(redis.aclose)
        await redis.xgroup_create(stream, "probe-consumer", id="0", mkstream=True)
        entry_id = await xadd_envelope(
            redis, stream, envelope_of(probe.opened(uuid.uuid4(), uuid.uuid4(), "H-0004"))
        )
        # The replica that dies reads the entry before the live consumer exists.
        response = await redis.xreadgroup("probe-consumer", "replica-that-died", {stream: ">"}, count=1)
        ((_, [(read_id, fields)]),) = response
        assert read_id.decode() == entry_id
        consumer = await stack.enter_async_context(
            serve_in_process(probe.CONSUMER_SPEC, dsn, infra.redis_url, slow_claims)
        )
        # Reset the entry's idle time: the live consumer leaves it alone for redelivery_idle,
        # long enough for the replica to apply it and "die" before acknowledging.
        await redis.xclaim(stream, "probe-consumer", "replica-that-died", 0, [entry_id], justid=True)
        delivery = probe.subscription.parse(stream, probe.PRODUCER, entry_id, fields)
        assert delivery is not None
        async with consumer.pool.acquire() as conn:
            assert await probe.subscription.apply(conn, delivery)

        async def acknowledged() -> bool:
            info = await redis.xpending(stream, "probe-consumer")
            return int(info["pending"]) == 0

        await eventually(acknowledged, within=15)
        assert list((await times_handled(consumer.pool)).values()) == [1]


async def test_a_failing_handler_is_retried_and_succeeds_once_the_cause_is_gone(
    serve: ServeFactory,
    metric_reader: InMemoryMetricReader,
) -> None:
    consumer = await serve(probe.CONSUMER_SPEC)
    producer = await serve(probe.PRODUCER_SPEC)
    failed_before = counter_total(metric_reader, "bus.events.failed")
    await consumer.pool.execute("INSERT INTO poisoned_households VALUES ('H-0005')")
    reg = uuid.uuid4()
    await probe.produce(producer.pool, probe.opened(reg, uuid.uuid4(), "H-0005"))

    async def failed_once() -> bool:
        return counter_total(metric_reader, "bus.events.failed") > failed_before

    await eventually(failed_once)
    await consumer.pool.execute("DELETE FROM poisoned_households")

    async def arrived() -> bool:
        return reg in await seen(consumer.pool)

    await eventually(arrived)
    assert await consumer.pool.fetchval("SELECT count(*) FROM dead_letters") == 0


async def test_a_handler_that_keeps_failing_is_dead_lettered_and_the_consumer_goes_on(
    serve: ServeFactory,
    metric_reader: InMemoryMetricReader,
) -> None:
    consumer = await serve(probe.CONSUMER_SPEC)
    producer = await serve(probe.PRODUCER_SPEC)
    dead_before = counter_total(metric_reader, "bus.events.dead_lettered")
    await consumer.pool.execute("INSERT INTO poisoned_households VALUES ('H-POISON')")
    poisoned, healthy = uuid.uuid4(), uuid.uuid4()
    await probe.produce(producer.pool, probe.opened(poisoned, uuid.uuid4(), "H-POISON"))
    await probe.produce(producer.pool, probe.opened(healthy, uuid.uuid4(), "H-0006"))

    async def dead_lettered() -> bool:
        return await consumer.pool.fetchval("SELECT count(*) FROM dead_letters") == 1

    await eventually(dead_lettered)
    letter = await consumer.pool.fetchrow("SELECT * FROM dead_letters")
    assert letter["error_code"] == "HANDLER_FAILED"
    assert "poisoned" in letter["error"]
    assert letter["attempts"] == consumer.settings.bus.max_attempts
    assert set(await seen(consumer.pool)) == {healthy}
    assert counter_total(metric_reader, "bus.events.dead_lettered") == dead_before + 1
    dlq = dead_letter_stream(consumer.settings.bus.namespace, "probe-consumer")
    entries = await consumer.app.state.redis.xrange(dlq)
    assert [fields[b"error_code"] for _, fields in entries] == [b"HANDLER_FAILED"]
    assert entries[0][1][b"event_id"].decode() == str(letter["event_id"])


async def test_malformed_and_unknown_entries_are_dead_lettered_at_once(
    serve: ServeFactory,
) -> None:
    consumer = await serve(probe.CONSUMER_SPEC)
    redis: aioredis.Redis = consumer.app.state.redis
    stream = event_stream(consumer.settings.bus.namespace, probe.PRODUCER)
    person = uuid.uuid4()
    good = envelope_of(probe.opened(uuid.uuid4(), person, "H-0007"))
    wrong_person = envelope_of(probe.opened(uuid.uuid4(), person, "H-0008"))
    wrong_person.subject_id = str(uuid.uuid4())
    wrong_kind = envelope_of(probe.opened(uuid.uuid4(), person, "H-0014"))
    wrong_kind.subject_type = SubjectType.SUBJECT_TYPE_REGION
    unknown = envelope_of(probe.opened(uuid.uuid4(), person, "H-0009"))
    unknown.type = "fujian.events.testing.v9.RegistrationInvented"
    foreign = envelope_of(probe.opened(uuid.uuid4(), person, "H-0010"), producer="settlement")
    truncated = envelope_of(probe.opened(uuid.uuid4(), person, "H-0011"))
    truncated.payload = truncated.payload[:-3]
    closed = probe.closed(uuid.uuid4(), person, "H-0012")
    closed.registration.closed_on = "2020-02-30"
    bad_date = envelope_of(closed)

    await redis.xadd(stream, {b"envelope": b"\xff\xfenot protobuf"})
    await redis.xadd(stream, {b"something": b"else"})
    for envelope in (wrong_person, wrong_kind, unknown, foreign, truncated, bad_date):
        await xadd_envelope(redis, stream, envelope)
    await xadd_envelope(redis, stream, good)

    # Wait for everything asserted below, not for the good event only: the consumer
    # dead-letters and acknowledges the bad entries in their own steps, which may finish
    # after the good event is applied.
    async def all_handled() -> bool:
        return (
            len(await seen(consumer.pool)) == 1
            and await consumer.pool.fetchval("SELECT count(*) FROM dead_letters") == 8
            and int((await redis.xpending(stream, "probe-consumer"))["pending"]) == 0
        )

    await eventually(all_handled)
    codes = await consumer.pool.fetch(
        "SELECT error_code, attempts FROM dead_letters ORDER BY stream_entry_id"
    )
    assert [r["error_code"] for r in codes] == [
        "MALFORMED_EVENT",
        "MALFORMED_EVENT",
        "MALFORMED_EVENT",
        "MALFORMED_EVENT",
        "UNKNOWN_EVENT_TYPE",
        "MALFORMED_EVENT",
        "MALFORMED_EVENT",
        "MALFORMED_EVENT",
    ]
    assert {r["attempts"] for r in codes} == {1}  # not retried: no retry makes them valid
    pending = await redis.xpending(stream, "probe-consumer")
    assert int(pending["pending"]) == 0


async def test_an_event_about_a_region_not_a_person_goes_from_outbox_to_projection(
    serve: ServeFactory,
) -> None:
    producer = await serve(probe.PRODUCER_SPEC)
    consumer = await serve(probe.CONSUMER_SPEC)
    [first, newer] = await probe.produce(
        producer.pool, probe.quota_set("350102", 40, version=1), probe.quota_set("350102", 55, version=2)
    )

    async def applied() -> bool:
        return await consumer.pool.fetchval("SELECT count(*) FROM processed_events") == 2

    await eventually(applied)
    # The outbox names the subject as the event option says; no person is involved.
    rows = await producer.pool.fetch(
        "SELECT event_id, event_type, subject_type, subject_id, subject_person_id, envelope"
        " FROM event_outbox ORDER BY sequence"
    )
    assert [
        (r["event_id"], r["event_type"], r["subject_type"], r["subject_id"], r["subject_person_id"])
        for r in rows
    ] == [
        (event_id, "fujian.events.testing.v1.RegionQuotaSet", "region", "350102", None)
        for event_id in (first, newer)
    ]
    envelope = parse_envelope(rows[0]["envelope"])
    assert (envelope.subject_type, envelope.subject_id) == (SubjectType.SUBJECT_TYPE_REGION, "350102")
    quota = await consumer.pool.fetchrow("SELECT * FROM seen_quotas")
    assert (
        quota["region_code"],
        quota["places"],
        quota["version"],
        quota["source_event_id"],
        quota["source_event_type"],
    ) == ("350102", 55, 2, newer, "fujian.events.testing.v1.RegionQuotaSet")


async def test_event_types_the_consumer_does_not_use_are_acknowledged_and_skipped(
    serve: ServeFactory,
) -> None:
    consumer = await serve(probe.CONSUMER_SPEC)
    redis: aioredis.Redis = consumer.app.state.redis
    stream = event_stream(consumer.settings.bus.namespace, probe.PRODUCER)
    person = str(uuid.uuid4())
    other = wrap(
        RulesVersionPublished(rules_version_id="rules-2020", effective_on="2020-01-01", version=1),
        producer=probe.PRODUCER,
        occurred_at=datetime.now(UTC),
        sequence=1,
    )
    await xadd_envelope(redis, stream, other)
    await xadd_envelope(redis, stream, envelope_of(probe.opened(uuid.uuid4(), uuid.UUID(person), "H-1")))

    async def done() -> bool:
        return len(await seen(consumer.pool)) == 1

    await eventually(done)
    assert await consumer.pool.fetchval("SELECT count(*) FROM dead_letters") == 0
    assert await consumer.pool.fetchval("SELECT count(*) FROM processed_events") == 1
    assert int((await redis.xpending(stream, "probe-consumer"))["pending"]) == 0


async def test_the_pipeline_status_shows_outbox_streams_and_dead_letters(
    serve: ServeFactory,
) -> None:
    consumer = await serve(probe.CONSUMER_SPEC)
    redis: aioredis.Redis = consumer.app.state.redis
    stream = event_stream(consumer.settings.bus.namespace, probe.PRODUCER)
    await redis.xadd(stream, {b"envelope": b"garbage"})

    async def dead() -> bool:
        return await consumer.pool.fetchval("SELECT count(*) FROM dead_letters") == 1

    await eventually(dead)
    query = """{ probeConsumerEvents { service outbox { pending published }
      consumer { group deadLetterCount streams { stream producer length pending lag }
                 deadLetters(first: 5) { errorCode stream attempts } } } }"""
    refused = await consumer.client.error(query)
    assert refused["extensions"]["code"] == "FORBIDDEN"
    status = await _status(consumer, query)
    assert status["outbox"] == {"pending": 0, "published": 0}
    assert status["consumer"]["deadLetterCount"] == 1
    assert status["consumer"]["deadLetters"] == [
        {"errorCode": "MALFORMED_EVENT", "stream": stream, "attempts": 1}
    ]
    (stream_status,) = status["consumer"]["streams"]
    # lag is null on Redis 6 (the embedded one), which does not report it
    assert stream_status.pop("lag") in (0, None)
    assert stream_status == {"stream": stream, "producer": probe.PRODUCER, "length": 1, "pending": 0}


async def _status(service: ServiceUnderTest, query: str) -> dict[str, Any]:
    data = await service.client.data(query, as_caller=OPERATOR)
    status: dict[str, Any] = data["probeConsumerEvents"]
    return status


async def test_two_relays_on_one_outbox_publish_each_row_once_in_order(
    serve: ServeFactory,
) -> None:
    producer = await serve(probe.PRODUCER_SPEC)
    # A second replica's relay on the same database: only the lock holder publishes.
    second = Relay(probe.PRODUCER, producer.settings, producer.app.state.redis)

    task = asyncio.create_task(second.run())
    try:
        regs = [uuid.uuid4() for _ in range(30)]
        for reg in regs:
            await probe.produce(producer.pool, probe.opened(reg, uuid.uuid4(), "H-0013"))
        stream = event_stream(producer.settings.bus.namespace, probe.PRODUCER)

        async def drained() -> bool:
            return not await producer.pool.fetchval(
                "SELECT count(*) FROM event_outbox WHERE published_at IS NULL"
            )

        await eventually(drained)
        entries = await producer.app.state.redis.xrange(stream)
        assert len(entries) == 30  # each row published once: no duplicates
        sequences = [probe.parse_sequence(fields) for _, fields in entries]
        assert sequences == sorted(sequences) and len(set(sequences)) == 30
    finally:
        task.cancel()
