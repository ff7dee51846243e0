"""Helpers for the bus tests: waiting with a deadline, reading projections and streams."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

import asyncpg
import redis.asyncio as aioredis
from google.protobuf.message import Message

from servicekit.bus.streams import entry_fields, event_stream
from servicekit.contracts.registry import Envelope, wrap


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


class ProducerStream:
    """Another department's stream in the test's namespace, written as its relay would:
    envelopes with increasing sequences, fields as `entry_fields` gives them."""

    def __init__(self, redis: aioredis.Redis, namespace: str, producer: str) -> None:
        self.redis = redis
        self.producer = producer
        self.stream = event_stream(namespace, producer)
        self._sequence = 0

    def envelope(self, event: Message, **changes: Any) -> Envelope:
        """The event's envelope, with `changes` set on it (to make a malformed one)."""
        self._sequence += 1
        envelope = wrap(event, producer=self.producer, occurred_at=datetime.now(UTC), sequence=self._sequence)
        for name, value in changes.items():
            setattr(envelope, name, value)
        return envelope

    async def put(self, envelope: Envelope) -> str:
        return await xadd_envelope(self.redis, self.stream, envelope)

    async def publish(self, *events: Message) -> list[Envelope]:
        envelopes = [self.envelope(e) for e in events]
        for envelope in envelopes:
            await self.put(envelope)
        return envelopes
