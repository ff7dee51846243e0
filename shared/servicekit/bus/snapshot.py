"""Publish the current state of every record a service owns, as ordinary events.

For facts that have no event on the retained streams: records written before the service
had an outbox, or history trimmed from Redis, or a new consumer that needs everything now.
A service declares `ServiceSpec.snapshot`, an async generator that reads its tables on the
connection it is given and yields one event per record, carrying the record's whole state
and current version, exactly as its mutations would emit it.

`republish` runs that generator in one REPEATABLE READ transaction (a consistent picture)
and emits the events through the outbox in batches, under new event ids. Consumers apply
them like any other: where they already hold that version, `upsert_newer` changes nothing;
where they miss the record, it appears. A mutation committed meanwhile emits a higher
version, so a snapshot event that arrives after it is simply older and ignored.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

import asyncpg
from google.protobuf.message import Message

from servicekit.bus.outbox import emit

Snapshot = Callable[[asyncpg.Connection], AsyncIterator[Message]]


async def republish(
    pool: asyncpg.Pool, snapshot: Snapshot, *, producer: str, batch_size: int = 500
) -> int:
    """Emit the current state of every record into the outbox; return how many events."""
    emitted = 0
    batch: list[Message] = []

    async def flush() -> None:
        nonlocal emitted
        async with pool.acquire() as conn, conn.transaction():
            for event in batch:
                await emit(conn, event, producer=producer)
        emitted += len(batch)
        batch.clear()

    async with pool.acquire() as reader, reader.transaction(
        isolation="repeatable_read", readonly=True
    ):
        async for event in snapshot(reader):
            batch.append(event)
            if len(batch) >= batch_size:
                await flush()
    if batch:
        await flush()
    return emitted
