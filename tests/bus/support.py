"""Helpers for the bus tests: waiting with a deadline, reading projections and streams."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable

import asyncpg
import redis.asyncio as aioredis

from servicekit.bus.streams import entry_fields
from servicekit.contracts.registry import Envelope


async def eventually(check: Callable[[], Awaitable[bool]], within: float = 10.0) -> None:
    """Wait until `check()` is true; fail after `within` seconds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while not await check():
        if loop.time() > deadline:
            raise AssertionError(f"condition not met within {within}s")
        await asyncio.sleep(0.02)


async def seen(pool: asyncpg.Pool) -> dict[uuid.UUID, asyncpg.Record]:
    rows = await pool.fetch("SELECT * FROM seen_registrations")
    return {r["registration_id"]: r for r in rows}


async def times_handled(pool: asyncpg.Pool) -> dict[uuid.UUID, int]:
    rows = await pool.fetch("SELECT event_id, times FROM handled_events")
    return {r["event_id"]: r["times"] for r in rows}


async def xadd_envelope(redis: aioredis.Redis, stream: str, envelope: Envelope) -> str:
    """Put an envelope on a stream exactly as the relay does."""
    entry_id = await redis.xadd(stream, entry_fields(envelope))
    return entry_id.decode() if isinstance(entry_id, bytes) else str(entry_id)
