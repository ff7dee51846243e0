"""Replay rebuilds a consumer's projections from the retained streams, identically."""

from __future__ import annotations

import asyncio
import uuid

import asyncpg

from servicekit.bus.replay import redrive, replay
from tests.bus import probe
from tests.bus.support import eventually, seen, times_handled
from tests.conftest import ServeFactory
from tests.support import ServiceUnderTest


async def snapshot(pool: asyncpg.Pool) -> list[tuple[object, ...]]:
    rows = await pool.fetch("SELECT * FROM seen_registrations ORDER BY registration_id")
    return [tuple(r.values()) for r in rows]


async def produce_history(producer: ServiceUnderTest, n: int) -> dict[uuid.UUID, int]:
    """n registrations, every other one lifted later; the expected version of each."""
    expected = {}
    for i in range(n):
        reg, person = uuid.uuid4(), uuid.uuid4()
        await probe.produce(producer.pool, probe.opened(reg, person, f"H-R{i:03d}"))
        expected[reg] = 1
        if i % 2:
            await probe.produce(producer.pool, probe.closed(reg, person, f"H-R{i:03d}"))
            expected[reg] = 2
    return expected


async def test_replay_rebuilds_the_same_projection(serve: ServeFactory) -> None:
    producer = await serve(probe.PRODUCER_SPEC)
    consumer = await serve(probe.CONSUMER_SPEC)
    expected = await produce_history(producer, 40)

    async def projected() -> bool:
        rows = await seen(consumer.pool)
        return {reg: row["version"] for reg, row in rows.items()} == expected

    await eventually(projected)
    before = await snapshot(consumer.pool)
    # Damage the projection: a lost row and a wrong one.
    await consumer.pool.execute(
        "DELETE FROM seen_registrations WHERE ctid IN (SELECT ctid FROM seen_registrations LIMIT 1)"
    )
    await consumer.pool.execute("UPDATE seen_registrations SET household_number = 'WRONG'")

    report = await replay(
        consumer.pool, consumer.app.state.redis, probe.subscription, namespace=consumer.settings.bus.namespace
    )

    assert await snapshot(consumer.pool) == before
    assert report.read == 60 and report.applied == 60 and report.rejected == 0
    assert report.warnings == []  # the producer's relay keeps its marker beside the stream
    assert await consumer.pool.fetchval("SELECT count(*) FROM processed_events") == 60


async def test_replay_skips_dead_letters_and_runs_beside_the_live_consumer(
    serve: ServeFactory,
) -> None:
    producer = await serve(probe.PRODUCER_SPEC)
    consumer = await serve(probe.CONSUMER_SPEC)
    redis = consumer.app.state.redis
    stream = f"{consumer.settings.bus.namespace}events.{probe.PRODUCER}"
    await redis.xadd(stream, {b"envelope": b"not an envelope"})
    expected = await produce_history(producer, 10)
    events = 15

    async def projected() -> bool:
        rows = await seen(consumer.pool)
        return {reg: row["version"] for reg, row in rows.items()} == expected

    await eventually(projected)
    before = await snapshot(consumer.pool)

    # While the replay runs, the producer keeps committing and the live consumer keeps
    # applying: new registrations (every third one lifted) before, during and after it.
    replayed = asyncio.Event()
    fed: list[uuid.UUID] = []

    async def feed() -> int:
        produced, after_replay, i = 0, 0, 0
        while len(fed) < 30 or after_replay < 3:
            reg, person = uuid.uuid4(), uuid.uuid4()
            household = f"H-L{i:03d}"
            await probe.produce(producer.pool, probe.opened(reg, person, household))
            expected[reg] = 1
            produced += 1
            if i % 3 == 0:
                await probe.produce(producer.pool, probe.closed(reg, person, household))
                expected[reg] = 2
                produced += 1
            fed.append(reg)
            after_replay += replayed.is_set()
            i += 1
            await asyncio.sleep(0.02)
        return produced

    feeder = asyncio.create_task(feed())
    try:

        async def live_consumer_busy() -> bool:  # some new events already applied live
            return bool(set(fed) & set(await seen(consumer.pool)))

        await eventually(live_consumer_busy)
        report = await replay(
            consumer.pool, redis, probe.subscription, namespace=consumer.settings.bus.namespace
        )
        replayed.set()  # the feeder goes on for a few more after it
        events += await feeder
    finally:
        feeder.cancel()
    # The garbage entry is rejected again; every other entry read was applied.
    assert report.rejected == 1 and report.applied == report.read - 1 >= 15

    await eventually(projected, within=20)
    after = await snapshot(consumer.pool)
    assert len(after) == 10 + len(fed) and set(before) <= set(after)
    # Every event applied exactly once, whether by the replay or by the live consumer.
    handled = await times_handled(consumer.pool)
    assert len(handled) == events and set(handled.values()) == {1}
    assert await consumer.pool.fetchval("SELECT count(*) FROM processed_events") == events
    assert await consumer.pool.fetchval("SELECT count(*) FROM dead_letters WHERE resolved_at IS NULL") == 1


async def test_dead_letters_are_applied_by_a_redrive_once_the_cause_is_fixed(
    serve: ServeFactory,
) -> None:
    producer = await serve(probe.PRODUCER_SPEC)
    consumer = await serve(probe.CONSUMER_SPEC)
    await consumer.pool.execute("INSERT INTO poisoned_households VALUES ('H-BUG')")
    reg = uuid.uuid4()
    await probe.produce(producer.pool, probe.opened(reg, uuid.uuid4(), "H-BUG"))

    async def dead_lettered() -> bool:
        return await consumer.pool.fetchval("SELECT count(*) FROM dead_letters") == 1

    await eventually(dead_lettered)
    redis = consumer.app.state.redis
    namespace = consumer.settings.bus.namespace
    still = await redrive(consumer.pool, redis, probe.subscription, namespace=namespace)
    assert (still.resolved, still.still_failing) == (0, 1)
    assert await consumer.pool.fetchval("SELECT attempts FROM dead_letters") == 4

    await consumer.pool.execute("DELETE FROM poisoned_households")  # the fix is deployed
    fixed = await redrive(consumer.pool, redis, probe.subscription, namespace=namespace)
    assert (fixed.resolved, fixed.still_failing) == (1, 0)
    assert reg in await seen(consumer.pool)
    assert await consumer.pool.fetchval("SELECT count(*) FROM dead_letters WHERE resolved_at IS NULL") == 0
    # A later replay applies it like any other event; the history of the letter stays.
    report = await replay(consumer.pool, redis, probe.subscription, namespace=namespace)
    assert (report.applied, report.rejected) == (1, 0)
    assert await consumer.pool.fetchval("SELECT count(*) FROM dead_letters") == 1
