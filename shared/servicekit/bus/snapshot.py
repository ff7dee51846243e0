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

import logging
from collections.abc import AsyncIterator, Callable

import asyncpg
from google.protobuf.message import Message

from servicekit.bus.outbox import emit

log = logging.getLogger("servicekit.bus.snapshot")

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


# Serialises replicas starting at once; any constant, one per database.
_INITIAL_STATE_LOCK = 0x696E6974  # "init"


async def publish_initial_state(pool: asyncpg.Pool, snapshot: Snapshot, *, producer: str) -> int:
    """At start-up: if this service's outbox has never held a row, publish the current
    state of everything it owns, once (records written before the service had an event
    bus would otherwise never reach the other departments). Returns how many events.

    One transaction, under an advisory lock: a replica starting at the same time waits,
    then finds the rows and publishes nothing. A database with no records publishes nothing
    and is checked again at the next start, which costs one query.
    """
    # READ COMMITTED, not a snapshot: the EXISTS below must see what a replica that held
    # the lock before us committed. Versions make a slightly mixed picture harmless.
    async with pool.acquire() as conn, conn.transaction():
        await conn.execute("SELECT pg_advisory_xact_lock($1)", _INITIAL_STATE_LOCK)
        if await conn.fetchval("SELECT EXISTS (SELECT 1 FROM event_outbox)"):
            return 0
        emitted = 0
        async for event in snapshot(conn):
            await emit(conn, event, producer=producer)
            emitted += 1
    if emitted:
        log.info("published the current state of records older than the event bus",
                 extra={"producer": producer, "events": emitted})
    return emitted
