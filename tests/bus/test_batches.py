"""The consumer applies a read batch in one transaction: one event's failure must neither
hold back nor take down the others, and nothing is acknowledged that did not commit."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from servicekit.contracts.registry import wrap
from tests.bus import probe
from tests.bus.support import eventually, seen, times_handled, xadd_envelope
from tests.conftest import ServeFactory


async def test_a_handler_that_swallows_a_database_error_loses_only_its_own_event(
    serve: ServeFactory,
) -> None:
    consumer = await serve(probe.CONSUMER_SPEC)
    producer = await serve(probe.PRODUCER_SPEC)
    await consumer.pool.execute("INSERT INTO swallowing_households VALUES ('H-SWALLOW')")
    before, broken, after = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    # One transaction, so the three arrive in one read batch.
    await probe.produce(
        producer.pool,
        probe.opened(before, uuid.uuid4(), "H-0100"),
        probe.opened(broken, uuid.uuid4(), "H-SWALLOW"),
        probe.opened(after, uuid.uuid4(), "H-0101"),
    )

    async def settled() -> bool:
        dead = await consumer.pool.fetchval("SELECT count(*) FROM dead_letters")
        return dead == 1 and {before, after} <= set(await seen(consumer.pool))

    await eventually(settled, within=20)
    assert set(await seen(consumer.pool)) == {before, after}
    assert sorted((await times_handled(consumer.pool)).values()) == [1, 1]
    letter = await consumer.pool.fetchrow("SELECT error_code, error, attempts FROM dead_letters")
    assert letter["error_code"] == "HANDLER_FAILED"
    assert "InFailedSQLTransaction" in letter["error"]
    assert letter["attempts"] == consumer.settings.bus.max_attempts


async def test_an_entry_whose_fields_postgresql_cannot_store_is_still_dead_lettered(
    serve: ServeFactory,
) -> None:
    consumer = await serve(probe.CONSUMER_SPEC)
    redis = consumer.app.state.redis
    stream = f"{consumer.settings.bus.namespace}events.{probe.PRODUCER}"
    # No envelope, and NUL bytes (which a text column refuses) where the id and type go.
    await redis.xadd(stream, {b"event_id": b"\x00\x00", b"type": b"bad\x00type"})
    good = uuid.uuid4()
    await xadd_envelope(
        redis,
        stream,
        wrap(
            probe.opened(good, uuid.uuid4(), "H-0102"),
            producer=probe.PRODUCER,
            occurred_at=datetime.now(UTC),
            sequence=1,
        ),
    )

    async def settled() -> bool:
        dead = await consumer.pool.fetchval("SELECT count(*) FROM dead_letters")
        return dead == 1 and good in await seen(consumer.pool)

    await eventually(settled)
    letter = await consumer.pool.fetchrow("SELECT event_id, event_type FROM dead_letters")
    assert (letter["event_id"], letter["event_type"]) == ("\ufffd\ufffd", "bad\ufffdtype")
