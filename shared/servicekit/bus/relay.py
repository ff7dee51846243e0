"""The relay: publishes a service's pending outbox rows to its stream, in order.

One relay is active per service, however many replicas run: each replica's relay asks for
a session-level advisory lock and only the holder publishes (the others wait their turn;
when the holder's connection dies PostgreSQL releases the lock). The leader:

1. reads up to BUS_BATCH_SIZE committed, pending rows in `sequence` order (a sequence is
   taken at INSERT, so a transaction that commits later than one with a higher sequence
   is published after it: per record, order is kept by the producer's row lock, which
   makes the second change of a record insert after the first one committed);
2. XADDs them to `events.<producer>` in one pipeline;
3. marks them published with their stream entry ids.

A crash between 2 and 3 publishes those rows again after the restart: delivery is at
least once and consumers skip event ids they have applied. Redis being down stops only
step 2; producers keep committing and the outbox drains when Redis is back.

If Redis comes back having lost entries (restarted without persistence, flushed, or with
the last second of an `appendfsync everysec` file missing), the relay notices before its
next publish or idle poll (a marker key it keeps is gone, or the stream's last id is older
than the last entry it published) and marks the lost rows pending again, so those events
are published anew (see `_loss`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

import asyncpg
import redis.asyncio as aioredis
from opentelemetry import trace
from redis.exceptions import RedisError, ResponseError
from redis.typing import EncodableT, FieldT

from servicekit.bus import metrics
from servicekit.bus.backoff import Backoff, stop_if_cancelled
from servicekit.bus.streams import entry_fields, entry_key, event_stream, relay_marker, text
from servicekit.contracts.registry import Envelope
from servicekit.db import Connection
from servicekit.settings import Settings

log = logging.getLogger("servicekit.bus.relay")
tracer = trace.get_tracer("servicekit.bus.relay")

# One advisory lock key per database (each service has its own): "outbox".
_LEADER_LOCK = 0x6F7574626F78

# The leader's lock lives as long as its PostgreSQL session. If the leader's machine
# vanishes without closing the socket, the server notices only through TCP: without these
# it would keep the session (and the lock, and so the outbox unpublished) for about two
# hours of kernel defaults. With them, within about a minute. Ignored on Unix sockets.
_DETECT_DEAD_CLIENTS = {
    "tcp_keepalives_idle": "30",
    "tcp_keepalives_interval": "10",
    "tcp_keepalives_count": "3",
    "tcp_user_timeout": "60000",
}


class Relay:
    def __init__(self, producer: str, settings: Settings, redis: aioredis.Redis) -> None:
        self.producer = producer
        self.stream = event_stream(settings.bus.namespace, producer)
        # A key that exists as long as Redis keeps what the relay wrote: its absence means
        # Redis lost everything, even if entries were added since (see _loss).
        self._marker = relay_marker(self.stream)
        self._settings = settings
        self._redis = redis
        self._wake = asyncio.Event()
        # The newest entry id this relay knows to be in the stream (None: none yet).
        self._last_entry: tuple[int, int] | None = None

    async def run(self) -> None:
        """Publish until cancelled, surviving PostgreSQL and Redis outages."""
        backoff = Backoff()
        while True:
            stop_if_cancelled()
            try:
                conn = await asyncpg.connect(
                    self._settings.database_url, server_settings=_DETECT_DEAD_CLIENTS
                )
            except (OSError, asyncpg.PostgresError) as exc:
                log.warning("relay cannot reach PostgreSQL", extra={"error": str(exc)})
                await backoff.sleep()
                continue
            try:
                await self._wait_for_leadership(conn)
                backoff.reset()
                log.info("relay is the active publisher", extra={"stream": self.stream})
                await self._lead(conn)
            except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
                log.warning("relay lost PostgreSQL", extra={"error": str(exc)})
                await backoff.sleep()
            except Exception:
                # A bug must not stop publishing for good: log it, back off, start over.
                log.exception("relay failed; restarting it", extra={"stream": self.stream})
                await backoff.sleep()
            finally:
                # Closing the session releases the advisory lock for another replica. Cancelled
                # again while closing (the service is stopping): end the session at once rather
                # than leave a half-closed connection behind.
                try:
                    await asyncio.shield(conn.close(timeout=2))
                except asyncio.CancelledError:
                    conn.terminate()
                    raise

    async def _wait_for_leadership(self, conn: Connection) -> None:
        # Polling: PostgreSQL does not say when another session releases its lock.
        while not await conn.fetchval("SELECT pg_try_advisory_lock($1)", _LEADER_LOCK):
            stop_if_cancelled()
            await asyncio.sleep(max(self._settings.bus.poll_interval, 1.0))

    async def _lead(self, conn: Connection) -> None:
        await conn.add_listener("event_outbox", self._on_notify)
        self._last_entry = await self._last_published_entry(conn)
        backoff = Backoff()
        while True:
            stop_if_cancelled()
            self._wake.clear()
            try:
                published = await self.publish_batch(conn)
            except RedisError as exc:
                log.warning(
                    "relay cannot reach Redis; the outbox keeps the events",
                    extra={"stream": self.stream, "error": str(exc)},
                )
                await backoff.sleep()
                continue
            backoff.reset()
            if published < self._settings.bus.batch_size:
                # Caught up: sleep until a commit NOTIFYs, or poll in case one was missed.
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(self._settings.bus.poll_interval):
                        await self._wake.wait()

    def _on_notify(self, *_: object) -> None:
        self._wake.set()

    async def publish_batch(self, conn: Connection) -> int:
        """Publish the next pending rows, having checked that Redis still holds what was
        published before; return how many were published."""
        rows = await conn.fetch(
            """
            SELECT sequence, event_id, event_type, envelope FROM event_outbox
            WHERE published_at IS NULL ORDER BY sequence LIMIT $1
            """,
            self._settings.bus.batch_size,
        )
        if not rows:
            await self._check_idle(conn)
            return 0
        with tracer.start_as_current_span(
            f"publish {self.stream}",
            kind=trace.SpanKind.PRODUCER,
            attributes={
                "messaging.system": "redis",
                "messaging.destination.name": self.stream,
                "messaging.batch.message_count": len(rows),
            },
        ):
            # One MULTI/EXEC: the marker and the stream's last id are read atomically with
            # the XADDs, so a Redis that restarted with less data just before them cannot go
            # unnoticed, even if redis-py resends the whole transaction after a reconnect.
            async with self._redis.pipeline(transaction=True) as pipe:
                pipe.exists(self._marker)
                pipe.xinfo_stream(self.stream)
                for row in rows:
                    pipe.xadd(self.stream, _entry_fields(row))
                marker, info, *added = await pipe.execute(raise_on_error=False)
            for result in (marker, *added):
                if isinstance(result, Exception):
                    raise result
            entry_ids = [text(r) for r in added]
            sequences = [row["sequence"] for row in rows]
            lost = self._loss(bool(marker), _stream_last_entry(info))
            async with conn.transaction():
                await conn.execute(
                    """
                    UPDATE event_outbox o SET published_at = now(), stream_entry_id = p.entry_id
                    FROM unnest($1::bigint[], $2::text[]) AS p(sequence, entry_id)
                    WHERE o.sequence = p.sequence
                    """,
                    sequences,
                    entry_ids,
                )
                if lost is not None:
                    await self._requeue(conn, after=lost, keep=sequences)
        if not marker:
            await self._redis.set(self._marker, self.producer)
        self._last_entry = max(entry_key(e) for e in entry_ids)
        metrics.published.add(len(rows), {"stream": self.stream})
        return len(rows)

    async def _check_idle(self, conn: Connection) -> None:
        """With nothing to publish, still notice a Redis that lost data, so the lost events
        are published again without waiting for the next commit."""
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.exists(self._marker)
            pipe.xinfo_stream(self.stream)
            marker, info = await pipe.execute(raise_on_error=False)
        if isinstance(marker, Exception):
            raise marker
        lost = self._loss(bool(marker), _stream_last_entry(info))
        if lost is not None:
            async with conn.transaction():
                await self._requeue(conn, after=lost, keep=[])
        if not marker:
            await self._redis.set(self._marker, self.producer)
        if lost is not None:
            self._last_entry = None

    def _loss(self, marker: bool, stream_last: tuple[int, int]) -> tuple[int, int] | None:
        """What Redis lost, as "every entry after this id"; None if it lost nothing.

        - The marker key is gone: Redis lost everything (restarted without persistence,
          flushed, evicted), so every published row, i.e. everything after (0, 0).
        - The stream's last id is older than the last entry this relay published: Redis
          lost the tail (the last second of an `appendfsync everysec` file).
        """
        if not marker:
            return (0, 0)
        if self._last_entry is not None and stream_last < self._last_entry:
            return stream_last
        return None

    async def _requeue(self, conn: Connection, *, after: tuple[int, int], keep: list[int]) -> None:
        """Mark published rows pending again: those whose entry id is after `after`, but
        not the rows of `keep` (just published, after the loss)."""
        requeued = await conn.fetchval(
            """
            WITH lost AS (
                UPDATE event_outbox SET published_at = NULL, stream_entry_id = NULL
                WHERE published_at IS NOT NULL AND sequence <> ALL($3::bigint[])
                  AND (split_part(stream_entry_id, '-', 1)::bigint,
                       split_part(stream_entry_id, '-', 2)::bigint) > ($1::bigint, $2::bigint)
                RETURNING 1
            ) SELECT count(*) FROM lost
            """,
            after[0],
            after[1],
            keep,
        )
        if requeued:
            log.error(
                "Redis lost entries the relay had published; publishing them again",
                extra={
                    "stream": self.stream,
                    "requeued": requeued,
                    "lost_after_entry": f"{after[0]}-{after[1]}",
                },
            )

    async def _last_published_entry(self, conn: Connection) -> tuple[int, int] | None:
        entries = await conn.fetch(
            """
            SELECT stream_entry_id FROM event_outbox
            WHERE published_at = (SELECT max(published_at) FROM event_outbox)
            """
        )
        return max((entry_key(r["stream_entry_id"]) for r in entries), default=None)


def _entry_fields(row: asyncpg.Record) -> dict[FieldT, EncodableT]:
    envelope = Envelope.FromString(row["envelope"])
    envelope.sequence = row["sequence"]
    return entry_fields(envelope)


def _stream_last_entry(info: Any) -> tuple[int, int]:
    """The stream's last generated id from XINFO STREAM; (0, 0) when there is no stream."""
    if isinstance(info, ResponseError):
        return (0, 0)  # "no such key": the stream does not exist (any more)
    if isinstance(info, Exception):
        raise info
    last = info.get("last-generated-id") or info.get(b"last-generated-id") or b"0-0"
    return entry_key(text(last))


async def run_relay(producer: str, settings: Settings, redis: aioredis.Redis) -> None:
    await Relay(producer, settings, redis).run()
