"""Apply retained events again: rebuild a service's projections (`replay`), or retry what
was dead-lettered once the consumer is fixed or upgraded (`redrive`).

`replay`, in one transaction: lock and empty the projection tables and the ids of the
events they came from, then read every stream of the subscription from its first entry and
apply each event with the same handlers the consumer uses. Either the whole rebuild commits
or the projections stay as they were. A live consumer waits on the locks meanwhile and then
skips what the replay applied, so the two can run at once. An entry that still cannot be
applied is counted as rejected and skipped (each entry is applied under its own savepoint);
a dead letter whose entry now applies is marked resolved.

`redrive` takes the unresolved dead letters one by one, reads each entry again (from the
stream, or from the copy kept in `dead_letters` if the stream no longer has it) and applies
it; what applies is resolved, what fails again keeps its dead letter with the new error.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, cast

import asyncpg
import redis.asyncio as aioredis

from servicekit.bus.streams import ENVELOPE, relay_marker, text
from servicekit.bus.subscription import Subscription
from servicekit.db import Connection, plain_identifier


@dataclass(slots=True)
class ReplayReport:
    read: int = 0
    applied: int = 0
    not_used: int = 0  # event types this service has no handler for
    rejected: int = 0  # entries that still cannot be applied (malformed, unknown, failing)
    resolved: int = 0  # dead letters whose entry applied this time
    streams: dict[str, int] = field(default_factory=dict)  # entries read per stream
    warnings: list[str] = field(default_factory=list)


@dataclass(slots=True)
class RedriveReport:
    resolved: int = 0
    still_failing: int = 0


async def _apply_entry(
    conn: Connection,
    subscription: Subscription,
    stream: str,
    producer: str,
    entry_id: str,
    fields: Mapping[bytes, bytes],
) -> str:
    """'applied', 'duplicate', 'not_used', or the error that stopped it (its savepoint
    rolled back, the enclosing transaction intact)."""
    try:
        delivery = subscription.parse(stream, producer, entry_id, fields)
        if delivery is None:
            return "not_used"
        return "applied" if await subscription.apply(conn, delivery) else "duplicate"
    except Exception as exc:
        if conn.is_closed():  # the connection is gone: an outage, not this entry's verdict
            raise
        return f"{type(exc).__name__}: {exc}"


async def _mark_resolved(conn: Connection, stream: str, entry_id: str) -> int:
    result: str = await conn.execute(
        """
        UPDATE dead_letters SET resolved_at = now()
        WHERE stream = $1 AND stream_entry_id = $2 AND resolved_at IS NULL
        """,
        stream,
        entry_id,
    )
    return int(result.rsplit(" ", 1)[-1])


async def replay(
    pool: asyncpg.Pool,
    redis: aioredis.Redis,
    subscription: Subscription,
    *,
    namespace: str,
    batch_size: int = 500,
) -> ReplayReport:
    tables = [plain_identifier(table) for table in subscription.projection_tables]
    report = ReplayReport()
    async with pool.acquire() as conn, conn.transaction():
        await conn.execute(f"LOCK TABLE processed_events, {', '.join(tables)} IN ACCESS EXCLUSIVE MODE")
        await conn.execute(f"TRUNCATE {', '.join(tables)}")
        await conn.execute(
            "DELETE FROM processed_events WHERE producer = ANY($1)", list(subscription.producers)
        )
        for stream, producer in subscription.streams(namespace).items():
            if not await redis.exists(relay_marker(stream)):
                report.warnings.append(
                    f"{stream} has no relay marker: {producer} never ran, or Redis lost its "
                    "data and the relay has not noticed yet; if the stream should hold events, "
                    f"replay again once {producer}'s outbox has no pending rows"
                )
            start = "-"
            read_here = 0
            while True:
                entries: list[tuple[bytes, dict[bytes, bytes]]] = (
                    cast(Any, await redis.xrange(stream, min=start, max="+", count=batch_size)) or []
                )
                for raw_id, fields in entries:
                    entry_id = text(raw_id)
                    report.read += 1
                    read_here += 1
                    outcome = await _apply_entry(conn, subscription, stream, producer, entry_id, fields)
                    if outcome == "applied":
                        report.applied += 1
                        report.resolved += await _mark_resolved(conn, stream, entry_id)
                    elif outcome == "not_used":
                        report.not_used += 1
                    elif outcome != "duplicate":
                        report.rejected += 1
                if len(entries) < batch_size:
                    break
                last = entries[-1][0]
                start = "(" + text(last)
            report.streams[stream] = read_here
        # COMMIT of an aborted transaction answers ROLLBACK without raising.
        await conn.fetchval("SELECT 1")
    return report


async def redrive(
    pool: asyncpg.Pool, redis: aioredis.Redis, subscription: Subscription, *, namespace: str
) -> RedriveReport:
    report = RedriveReport()
    streams = subscription.streams(namespace)
    letters = await pool.fetch(
        """
        SELECT id, stream, stream_entry_id, envelope FROM dead_letters
        WHERE resolved_at IS NULL AND stream = ANY($1) ORDER BY id
        """,
        list(streams),
    )
    for letter in letters:
        stream, entry_id = letter["stream"], letter["stream_entry_id"]
        found = cast(Any, await redis.xrange(stream, min=entry_id, max=entry_id, count=1))
        fields: Mapping[bytes, bytes] = found[0][1] if found else {ENVELOPE: letter["envelope"] or b""}
        async with pool.acquire() as conn, conn.transaction():
            outcome = await _apply_entry(conn, subscription, stream, streams[stream], entry_id, fields)
            if outcome in ("applied", "duplicate", "not_used"):
                await _mark_resolved(conn, stream, entry_id)
                report.resolved += 1
            else:
                await conn.execute(
                    "UPDATE dead_letters SET error = $2, attempts = attempts + 1 WHERE id = $1",
                    letter["id"],
                    outcome[:2000],
                )
                report.still_failing += 1
    return report
