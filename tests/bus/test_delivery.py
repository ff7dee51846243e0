"""Outbox → relay → stream → consumer → projection, with real PostgreSQL and Redis."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable

import asyncpg

from tests.bus import probe
from tests.conftest import ServeFactory


async def eventually(check: Callable[[], Awaitable[bool]], within: float = 10.0) -> None:
    deadline = asyncio.get_running_loop().time() + within
    while not await check():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.02)


async def seen(pool: asyncpg.Pool) -> dict[uuid.UUID, asyncpg.Record]:
    rows = await pool.fetch("SELECT * FROM seen_registrations")
    return {r["registration_id"]: r for r in rows}


async def test_an_event_committed_by_the_producer_reaches_the_consumers_projection(
    serve: ServeFactory,
) -> None:
    producer = await serve(probe.PRODUCER_SPEC)
    consumer = await serve(probe.CONSUMER_SPEC)
    reg, person = uuid.uuid4(), uuid.uuid4()
    await probe.produce(producer.pool, probe.registered(reg, person, "H-0001"))

    async def arrived() -> bool:
        return reg in await seen(consumer.pool)

    await eventually(arrived)
    row = (await seen(consumer.pool))[reg]
    outbox = await producer.pool.fetchrow("SELECT * FROM event_outbox")
    assert row["source_event_id"] == outbox["event_id"]
    assert row["version"] == 1
    assert outbox["published_at"] is not None
