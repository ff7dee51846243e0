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
are published anew (see `_check_stream`).
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
from servicekit.bus.streams import entry_fields, entry_key, event_stream, relay_marker
from servicekit.contracts.registry import Envelope
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
        # Redis lost everything, even if entries were added since (see _check_stream).
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
                # Closing the session releases the advisory lock for another replica.
                await asyncio.shield(conn.close(timeout=2))

    async def _wait_for_leadership(self, conn: asyncpg.Connection) -> None:
        # Polling: PostgreSQL does not say when another session releases its lock.
        while not await conn.fetchval(
            "SELECT pg_try_advisory_lock($1)", _LEADER_LOCK
        ):
            stop_if_cancelled()
            await asyncio.sleep(max(self._settings.bus.poll_interval, 1.0))

    async def _lead(self, conn: asyncpg.Connection) -> None:
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

    async def publish_batch(self, conn: asyncpg.Connection) -> int:
        """Check the stream still holds what was published, then publish the next pending
        rows; return how many were published."""
        await self._check_stream(conn)
        rows = await conn.fetch(
            """
            SELECT sequence, event_id, event_type, envelope FROM event_outbox
            WHERE published_at IS NULL ORDER BY sequence LIMIT $1
            """,
            self._settings.bus.batch_size,
        )
        if not rows:
            return 0
        with tracer.start_as_current_span(
            f"publish {self.stream}", kind=trace.SpanKind.PRODUCER,
            attributes={"messaging.system": "redis", "messaging.destination.name": self.stream,
                        "messaging.batch.message_count": len(rows)},
        ):
            async with self._redis.pipeline(transaction=False) as pipe:
                for row in rows:
                    pipe.xadd(self.stream, _entry_fields(row))
                results = await pipe.execute()
            entry_ids = [r.decode() if isinstance(r, bytes) else str(r) for r in results]
            await conn.execute(
                """
                UPDATE event_outbox o SET published_at = now(), stream_entry_id = p.entry_id
                FROM unnest($1::bigint[], $2::text[]) AS p(sequence, entry_id)
                WHERE o.sequence = p.sequence
                """,
                [row["sequence"] for row in rows],
                entry_ids,
            )
        self._last_entry = max(entry_key(e) for e in entry_ids)
        metrics.published.add(len(rows), {"stream": self.stream})
        return len(rows)

    async def _check_stream(self, conn: asyncpg.Connection) -> None:
        """Put back in the outbox whatever Redis lost since it was published.

        Two signs, read in one round trip before every batch and every idle poll:
        - the marker key is gone: Redis lost everything (restarted without persistence,
          flushed, evicted): every published row is pending again;
        - the stream's last id is older than the last entry this relay published: Redis
          lost the tail (restarted with the last second of its append-only file missing):
          the rows published after that id are pending again.
        The requeue commits before anything else is published, so a reply lost on the way
        back cannot hide the loss: the next check sees the same signs.
        """
        async with self._redis.pipeline(transaction=False) as pipe:
            pipe.exists(self._marker)
            pipe.xinfo_stream(self.stream)
            marker, info = await pipe.execute(raise_on_error=False)
        if isinstance(marker, Exception):
            raise marker
        stream_last = _stream_last_entry(info)
        if not marker:
            await self._requeue(conn, after=None)
            await self._redis.set(self._marker, self.producer)
        elif self._last_entry is not None and stream_last < self._last_entry:
            await self._requeue(conn, after=stream_last)
        else:
            return
        self._last_entry = None

    async def _requeue(self, conn: asyncpg.Connection, *, after: tuple[int, int] | None) -> None:
        """Mark published rows pending again: all of them, or those published after `after`."""
        requeued = await conn.fetchval(
            """
            WITH lost AS (
                UPDATE event_outbox SET published_at = NULL, stream_entry_id = NULL
                WHERE published_at IS NOT NULL
                  AND ($1::bigint IS NULL
                       OR (split_part(stream_entry_id, '-', 1)::bigint,
                           split_part(stream_entry_id, '-', 2)::bigint) > ($1, $2::bigint))
                RETURNING 1
            ) SELECT count(*) FROM lost
            """,
            after[0] if after else None,
            after[1] if after else None,
        )
        if requeued:
            log.error(
                "Redis lost entries the relay had published; publishing them again",
                extra={"stream": self.stream, "requeued": requeued,
                       "stream_last_entry": "none" if after is None else f"{after[0]}-{after[1]}"},
            )

    async def _last_published_entry(self, conn: asyncpg.Connection) -> tuple[int, int] | None:
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
    return entry_key(last.decode() if isinstance(last, bytes) else str(last))


async def run_relay(producer: str, settings: Settings, redis: aioredis.Redis) -> None:
    await Relay(producer, settings, redis).run()
