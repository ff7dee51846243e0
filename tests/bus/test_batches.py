"""The consumer applies a read batch in one transaction: one event's failure must neither
hold back nor take down the others, and nothing is acknowledged that did not commit."""

from __future__ import annotations

import uuid

from tests.bus import probe
from tests.bus.support import eventually, seen, times_handled
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
        probe.registered(before, uuid.uuid4(), "H-0100"),
        probe.registered(broken, uuid.uuid4(), "H-SWALLOW"),
        probe.registered(after, uuid.uuid4(), "H-0101"),
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
