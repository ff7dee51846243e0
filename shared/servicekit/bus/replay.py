"""Rebuild a service's projections from the events retained in the producers' streams.

In one transaction: lock and empty the projection tables and the ids of the events they
came from, then read every stream of the subscription from its first entry and apply each
event with the same handlers the consumer uses. Either the whole rebuild commits or the
projections stay as they were. A live consumer waits on the locks meanwhile and then
skips what the replay applied, so the two can run at once.

Entries that were dead-lettered are skipped (they are in `dead_letters` for operators);
malformed ones found now are counted and skipped too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, cast

import asyncpg
import redis.asyncio as aioredis

from servicekit.bus.subscription import Subscription
from servicekit.contracts.registry import ContractError

_IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]*$")


@dataclass(slots=True)
class ReplayReport:
    read: int = 0
    applied: int = 0
    not_used: int = 0  # event types this service has no handler for
    rejected: int = 0  # malformed, unknown or dead-lettered entries
    streams: dict[str, int] = field(default_factory=dict)  # entries read per stream


async def replay(
    pool: asyncpg.Pool,
    redis: aioredis.Redis,
    subscription: Subscription,
    *,
    namespace: str,
    batch_size: int = 500,
) -> ReplayReport:
    tables = list(subscription.projection_tables)
    for table in tables:
        if not _IDENTIFIER.match(table):
            raise ValueError(f"not a plain table name: {table!r}")
    report = ReplayReport()
    async with pool.acquire() as conn, conn.transaction():
        await conn.execute(
            f"LOCK TABLE processed_events, {', '.join(tables)} IN ACCESS EXCLUSIVE MODE"
        )
        await conn.execute(f"TRUNCATE {', '.join(tables)}")
        await conn.execute(
            "DELETE FROM processed_events WHERE producer = ANY($1)", list(subscription.producers)
        )
        dead = {
            (r["stream"], r["stream_entry_id"])
            for r in await conn.fetch("SELECT stream, stream_entry_id FROM dead_letters")
        }
        for stream, producer in subscription.streams(namespace).items():
            start = "-"
            read_here = 0
            while True:
                entries: list[tuple[bytes, dict[bytes, bytes]]] = cast(
                    Any, await redis.xrange(stream, min=start, max="+", count=batch_size)
                ) or []
                for raw_id, fields in entries:
                    entry_id = raw_id.decode() if isinstance(raw_id, bytes) else str(raw_id)
                    report.read += 1
                    read_here += 1
                    if (stream, entry_id) in dead:
                        report.rejected += 1
                        continue
                    try:
                        delivery = subscription.parse(stream, producer, entry_id, fields)
                    except ContractError:
                        report.rejected += 1
                        continue
                    if delivery is None:
                        report.not_used += 1
                    elif await subscription.apply(conn, delivery):
                        report.applied += 1
                if len(entries) < batch_size:
                    break
                last = entries[-1][0]
                start = "(" + (last.decode() if isinstance(last, bytes) else str(last))
            report.streams[stream] = read_here
    return report
