"""The consumer: reads the streams of a `Subscription` with a Redis consumer group named
after the service, applies each event once, and acknowledges only after the commit.

- New entries come from XREADGROUP. An entry whose handler fails stays pending.
- Every `redelivery_idle / 2` seconds the consumer XAUTOCLAIMs entries pending longer than
  `redelivery_idle`: those of a replica that crashed between commit and ack (their event
  id is in `processed_events`, so they are only acknowledged) and its own failed ones.
- An entry that is malformed or of an unknown type is dead-lettered at once; one whose
  handler fails is dead-lettered when it has been delivered `max_attempts` times. A dead
  letter is a row in `dead_letters` plus an entry in the stream `deadletter.<service>`,
  then the entry is acknowledged so the consumer goes on.
- If Redis comes back without the consumer groups (it lost its data), the consumer
  creates them again from the start of the streams; the events it applied before are
  skipped by their ids.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import asyncpg
import redis.asyncio as aioredis
from opentelemetry import propagate, trace
from redis.exceptions import RedisError, ResponseError

from servicekit.bus import metrics
from servicekit.bus.backoff import Backoff, stop_if_cancelled
from servicekit.bus.streams import ENVELOPE, EVENT_ID, EVENT_TYPE, dead_letter_stream, text
from servicekit.bus.subscription import Delivery, Subscription
from servicekit.contracts.registry import ContractError, UnknownEventType
from servicekit.settings import Settings

log = logging.getLogger("servicekit.bus.consumer")
tracer = trace.get_tracer("servicekit.bus.consumer")

# Failures of the infrastructure, not of the event: the loop backs off and the entry is
# redelivered later, without counting towards dead-lettering by the handler's own error.
_OUTAGES = (
    OSError,
    RedisError,
    asyncpg.PostgresConnectionError,
    asyncpg.InterfaceError,
    asyncpg.CannotConnectNowError,
    asyncpg.TooManyConnectionsError,
)

# Errors that mean the stream or its group no longer exists (deleted, or Redis lost them).
_GROUP_GONE = ("NOGROUP", "no longer exists")

# Consumers of replaced pods stay in the group until removed: forget those idle this long
# with nothing pending.
_FORGET_IDLE_MS = 3_600_000
_FORGET_DEPARTED = """
for _, consumer in ipairs(redis.call('XINFO', 'CONSUMERS', KEYS[1], ARGV[1])) do
  local info = {}
  for i = 1, #consumer, 2 do info[consumer[i]] = consumer[i + 1] end
  if info['name'] ~= ARGV[2] and info['pending'] == 0 and info['idle'] > tonumber(ARGV[3]) then
    redis.call('XGROUP', 'DELCONSUMER', KEYS[1], ARGV[1], info['name'])
  end
end
return 0
"""


@dataclass(frozen=True, slots=True)
class _Entry:
    """A stream entry as delivered to this consumer (fields None: deleted from the stream)."""

    stream: str
    entry_id: str
    fields: Mapping[bytes, bytes] | None


class Consumer:
    def __init__(
        self,
        service: str,
        subscription: Subscription,
        settings: Settings,
        pool: asyncpg.Pool,
        redis: aioredis.Redis,
    ) -> None:
        self.group = service
        self.name = f"{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:6]}"
        self.subscription = subscription
        self.streams = subscription.streams(settings.bus.namespace)
        self.dead_letter_stream = dead_letter_stream(settings.bus.namespace, service)
        self._bus = settings.bus
        self._pool = pool
        self._redis = redis

    async def run(self) -> None:
        """Consume until cancelled, surviving PostgreSQL and Redis outages."""
        backoff = Backoff()
        loop = asyncio.get_running_loop()
        groups_ready = False
        next_claim = 0.0
        while True:
            stop_if_cancelled()
            try:
                if not groups_ready:
                    await self._ensure_groups()
                    groups_ready = True
                if loop.time() >= next_claim:
                    # Advanced first: a claim that fails must not starve reading new entries.
                    next_claim = loop.time() + self._bus.redelivery_idle / 2
                    await self.claim_stale()
                await self.read_new()
                backoff.reset()
            except ResponseError as exc:
                if not any(sign in str(exc) for sign in _GROUP_GONE):
                    log.exception("consumer failed; retrying", extra={"group": self.group})
                    await backoff.sleep()
                    continue
                log.error(
                    "consumer group is gone (Redis lost its data?); creating it again",
                    extra={"group": self.group, "error": str(exc)},
                )
                groups_ready = False
            except _OUTAGES as exc:
                log.warning(
                    "consumer cannot reach PostgreSQL or Redis",
                    extra={"group": self.group, "error": str(exc)},
                )
                await backoff.sleep()
            except Exception:
                # A bug must not stop consumption for good: log it, back off, go on.
                log.exception("consumer failed; retrying", extra={"group": self.group})
                await backoff.sleep()

    async def _ensure_groups(self) -> None:
        for stream in self.streams:
            try:
                # From the start of the stream: a new service applies every retained event.
                await self._redis.xgroup_create(stream, self.group, id="0", mkstream=True)
            except ResponseError as exc:
                if "BUSYGROUP" not in str(exc):
                    raise

    async def read_new(self) -> int:
        """Read and handle entries never delivered to this group; return how many."""
        response = await self._redis.xreadgroup(
            self.group,
            self.name,
            dict.fromkeys(self.streams, ">"),
            count=self._bus.batch_size,
            block=max(1, int(self._bus.poll_interval * 1000)),
        )
        batch = [
            _Entry(stream, entry_id, fields)
            for stream, entries in _stream_entries(response)
            for entry_id, fields in entries
        ]
        await self._handle(batch)
        return len(batch)

    async def claim_stale(self) -> int:
        """Claim and handle entries pending longer than `redelivery_idle`; return how many."""
        handled = 0
        for stream in self.streams:
            while True:
                entry_ids = await self._autoclaim(stream)
                batch = await self._read_entries(stream, entry_ids)
                await self._handle(batch)
                handled += len(batch)
                if len(entry_ids) < self._bus.batch_size:
                    break
            await self._forget_departed_consumers(stream)
        return handled

    async def _autoclaim(self, stream: str) -> list[str]:
        # JUSTID: ids only, the same on Redis 6.2 and 7 (6.2 answers a deleted entry's
        # fields with nil), and without raising Redis's delivery counter, which this
        # consumer does not use: failed attempts are counted in PostgreSQL. redis-py drops
        # the cursor of a JUSTID reply, so every call starts from the beginning: entries
        # claimed by the previous call are no longer idle and are not claimed again.
        entry_ids = await self._redis.xautoclaim(
            stream,
            self.group,
            self.name,
            min_idle_time=int(self._bus.redelivery_idle * 1000),
            start_id="0-0",
            count=self._bus.batch_size,
            justid=True,
        )
        return [text(entry_id) for entry_id in entry_ids]

    async def _read_entries(self, stream: str, entry_ids: list[str]) -> list[_Entry]:
        """The claimed entries with their fields; fields None for one no longer in the
        stream (deleted or trimmed while pending), which is acknowledged and forgotten."""
        if not entry_ids:
            return []
        async with self._redis.pipeline(transaction=False) as pipe:
            for entry_id in entry_ids:
                pipe.xrange(stream, min=entry_id, max=entry_id, count=1)
            found = await pipe.execute()
        return [
            _Entry(stream, entry_id, rows[0][1] if rows else None)
            for entry_id, rows in zip(entry_ids, found, strict=True)
        ]

    async def _forget_departed_consumers(self, stream: str) -> None:
        # Check and delete in one script: between a separate XINFO and XGROUP DELCONSUMER
        # the consumer could read entries, which the delete would drop from the group.
        await self._redis.eval(_FORGET_DEPARTED, 1, stream, self.group, self.name, _FORGET_IDLE_MS)

    async def _handle(self, batch: list[_Entry]) -> None:
        """Apply a batch in one transaction (one commit, one XACK per stream), each event
        under its own savepoint so that one failing event does not hold back the others."""
        done: list[_Entry] = []  # acknowledged after the commit
        readable: list[tuple[_Entry, Delivery]] = []
        for entry in batch:
            if entry.fields is None:  # deleted from the stream while pending
                done.append(entry)
                continue
            try:
                delivery = self.subscription.parse(
                    entry.stream, self.streams[entry.stream], entry.entry_id, entry.fields
                )
            except Exception as exc:
                # Malformed: dead-lettered at once. Anything else that stops the entry from
                # being read counts as a failed attempt of this entry alone.
                await self._count_failure(entry, exc, "")
                continue
            if delivery is None:  # a fact this service does not use
                done.append(entry)
            else:
                readable.append((entry, delivery))
        failures = await self._apply(readable, done) if readable else []
        await self._acknowledge(done)
        for entry, delivery, error in failures:
            await self._count_failure(entry, error, delivery.envelope.type)

    async def _apply(
        self, readable: list[tuple[_Entry, Delivery]], done: list[_Entry]
    ) -> list[tuple[_Entry, Delivery, Exception]]:
        """Apply the deliveries in one transaction; append the applied ones to `done` once
        it has committed, and return the ones that failed (rolled back to their savepoint)."""
        applied: list[tuple[_Entry, Delivery, bool]] = []
        failures: list[tuple[_Entry, Delivery, Exception]] = []
        async with self._pool.acquire() as conn, conn.transaction():
            for entry, delivery in readable:
                with self._span(delivery) as span:
                    try:
                        fresh = await self.subscription.apply(conn, delivery)
                    except _OUTAGES as exc:
                        if conn.is_closed():  # the connection is gone: an outage, not the event
                            raise
                        # The handler's own timeout or bad query argument: this event's failure.
                        failures.append((entry, delivery, exc))
                        continue
                    except Exception as exc:
                        span.record_exception(exc)
                        failures.append((entry, delivery, exc))
                        continue
                    span.set_attribute("bus.duplicate", not fresh)
                    applied.append((entry, delivery, fresh))
            # COMMIT of an aborted transaction answers ROLLBACK without raising: make sure
            # this one is alive before anything is acknowledged as applied.
            await conn.fetchval("SELECT 1")
        for entry, delivery, fresh in applied:
            counter = metrics.applied if fresh else metrics.duplicates
            counter.add(1, {"group": self.group, "type": delivery.envelope.type})
            done.append(entry)
        return failures

    def _span(self, delivery: Delivery) -> contextlib.AbstractContextManager[trace.Span]:
        """The consumer span of one event, continuing the trace of the producing request."""
        envelope = delivery.envelope
        parent = propagate.extract({"traceparent": envelope.traceparent, "tracestate": envelope.tracestate})
        return tracer.start_as_current_span(
            f"consume {envelope.type}",
            context=parent,
            kind=trace.SpanKind.CONSUMER,
            attributes={
                "messaging.system": "redis",
                "messaging.destination.name": delivery.stream,
                "messaging.consumer.group.name": self.group,
                "messaging.message.id": envelope.event_id,
            },
        )

    async def _acknowledge(self, entries: list[_Entry]) -> None:
        by_stream: dict[str, list[str]] = {}
        for entry in entries:
            by_stream.setdefault(entry.stream, []).append(entry.entry_id)
        for stream, entry_ids in by_stream.items():
            await self._redis.xack(stream, self.group, *entry_ids)

    async def _count_failure(self, entry: _Entry, error: Exception, event_type: str) -> None:
        """Dead-letter a malformed entry, count a failed attempt of any other. If even that
        bookkeeping fails, log it and leave the entry pending: it must neither be dropped
        nor stop the rest of the batch."""
        try:
            if isinstance(error, ContractError):
                await self._dead_letter(entry, error)
            else:
                await self._failed(entry, error, event_type)
        except _OUTAGES:
            raise
        except Exception:
            log.exception(
                "could not record the failure of an entry; it stays pending",
                extra={"stream": entry.stream, "entry_id": entry.entry_id},
            )

    async def _failed(self, entry: _Entry, error: Exception, event_type: str) -> None:
        """Count a failed attempt; dead-letter the entry once it has had `max_attempts`,
        else leave it pending (claimed again after redelivery_idle)."""
        message = _printable(f"{type(error).__name__}: {error}"[:2000])
        attempts: int = await self._pool.fetchval(
            """
            INSERT INTO failed_attempts (stream, stream_entry_id, attempts, last_error)
            VALUES ($1, $2, 1, $3)
            ON CONFLICT (stream, stream_entry_id) DO UPDATE SET
                attempts = failed_attempts.attempts + 1, last_error = excluded.last_error,
                last_failed_at = now()
            RETURNING attempts
            """,
            entry.stream,
            entry.entry_id,
            message,
        )
        metrics.failed.add(1, {"group": self.group, "type": event_type})
        log.error(
            "event handler failed",
            exc_info=error,
            extra={
                "stream": entry.stream,
                "entry_id": entry.entry_id,
                "type": event_type,
                "attempts": attempts,
                "max_attempts": self._bus.max_attempts,
            },
        )
        if attempts >= self._bus.max_attempts:
            await self._dead_letter(entry, error, attempts)

    async def _dead_letter(self, entry: _Entry, error: Exception, attempts: int = 1) -> None:
        stream, entry_id = entry.stream, entry.entry_id
        fields = entry.fields or {}
        code = _error_code(error)
        event_id = _printable(fields.get(EVENT_ID, b""))
        event_type = _printable(fields.get(EVENT_TYPE, b""))
        message = _printable(f"{type(error).__name__}: {error}"[:2000])
        # PostgreSQL first: the durable record operators query. Then the stream copy and
        # the ack; a crash in between dead-letters the entry again, which the unique
        # (stream, entry) key turns into a no-op.
        await self._pool.execute(
            """
            INSERT INTO dead_letters (stream, stream_entry_id, event_id, event_type,
                                      error_code, error, attempts, envelope)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            ON CONFLICT (stream, stream_entry_id) DO NOTHING
            """,
            stream,
            entry_id,
            event_id,
            event_type,
            code,
            message,
            attempts,
            fields.get(ENVELOPE),
        )
        await self._redis.xadd(
            self.dead_letter_stream,
            {
                b"stream": stream.encode(),
                b"entry_id": entry_id.encode(),
                EVENT_ID: event_id.encode(),
                EVENT_TYPE: event_type.encode(),
                b"error_code": code.encode(),
                b"error": message.encode(),
                b"attempts": str(attempts).encode(),
                ENVELOPE: fields.get(ENVELOPE, b""),
            },
        )
        await self._redis.xack(stream, self.group, entry_id)
        metrics.dead_lettered.add(1, {"group": self.group, "error_code": code})
        log.error(
            "event dead-lettered",
            extra={
                "stream": stream,
                "entry_id": entry_id,
                "event_id": event_id,
                "type": event_type,
                "error_code": code,
                "error": message,
                "attempts": attempts,
            },
        )


def _error_code(error: Exception) -> str:
    if isinstance(error, UnknownEventType):
        return "UNKNOWN_EVENT_TYPE"
    if isinstance(error, ContractError):
        return "MALFORMED_EVENT"
    return "HANDLER_FAILED"


def _printable(value: bytes | str) -> str:
    """Text PostgreSQL accepts, whatever a producer put in a stream field (NUL is refused)."""
    text = value.decode(errors="replace") if isinstance(value, bytes) else value
    return text.replace("\x00", "\ufffd")


def _stream_entries(response: Any) -> list[tuple[str, list[tuple[str, Mapping[bytes, bytes]]]]]:
    """XREADGROUP's reply, a list of [stream, entries] as redis-py 8 returns it, as
    (stream, [(entry id, fields)])."""
    return [
        (text(stream), [(text(entry_id), fields) for entry_id, fields in entries])
        for stream, entries in response or []
    ]


async def run_consumer(
    service: str,
    subscription: Subscription,
    settings: Settings,
    pool: asyncpg.Pool,
    redis: aioredis.Redis,
) -> None:
    await Consumer(service, subscription, settings, pool, redis).run()
