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
from servicekit.db import Connection

log = logging.getLogger("servicekit.bus.snapshot")

Snapshot = Callable[[Connection], AsyncIterator[Message]]


async def republish(pool: asyncpg.Pool, snapshot: Snapshot, *, producer: str, batch_size: int = 500) -> int:
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

    async with pool.acquire() as reader, reader.transaction(isolation="repeatable_read", readonly=True):
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
    """If this service's outbox has never held a row, publish the current state of
    everything it owns, once (records written before the service had an event bus would
    otherwise never reach the other departments). Returns how many events.

    Runs beside the service's first requests, so it reads one REPEATABLE READ picture: a
    record committed before it is there together with its own outbox row (the outbox is
    then not empty, and nothing is published), one committed after it is not there at all.
    The advisory lock is taken before that picture, so a replica starting at the same time
    waits and then sees the rows this one wrote. A database with no records publishes
    nothing and is checked again at the next start, which costs one query.
    """
    async with pool.acquire() as conn:
        await conn.execute("SELECT pg_advisory_lock($1)", _INITIAL_STATE_LOCK)
        try:
            async with conn.transaction(isolation="repeatable_read"):
                if await conn.fetchval("SELECT EXISTS (SELECT 1 FROM event_outbox)"):
                    return 0
                emitted = 0
                async for event in snapshot(conn):
                    await emit(conn, event, producer=producer)
                    emitted += 1
        finally:
            await conn.execute("SELECT pg_advisory_unlock($1)", _INITIAL_STATE_LOCK)
    if emitted:
        log.info(
            "published the current state of records older than the event bus",
            extra={"producer": producer, "events": emitted},
        )
    return emitted
