"""What a consuming service declares: the producers it reads, a handler per event type it
uses, and the projection tables those handlers write (which replay rebuilds).

    subscription = Subscription(producers=["social-security"],
                                projection_tables=["poverty_registration_facts"])

    @subscription.handles(PovertyRegistered)
    async def on_registered(conn: Connection, event: PovertyRegistered,
                            source: Source) -> None:
        ...  # an upsert that keeps the row with the highest event.version

Handlers run inside the transaction that records the event id, so each event changes a
projection at most once. Deliveries are not ordered across consumer replicas, so a
handler must keep the highest `version` of a record rather than the latest arrival; an
older version arriving late then changes nothing, and every event carries the whole
state of its record so none depends on an earlier one.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar

from google.protobuf.message import Message

from servicekit.bus.streams import ENVELOPE, event_stream
from servicekit.contracts.registry import (
    Envelope,
    MalformedEvent,
    decode,
    message_class,
    parse_envelope,
)
from servicekit.db import Connection

M = TypeVar("M", bound=Message)
Handler = Callable[[Connection, Any, "Source"], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class Source:
    """Where a projected fact came from; projections store it beside the fact so that a
    decision can name the event and version it used."""

    event_id: uuid.UUID
    event_type: str
    producer: str
    occurred_at: datetime
    stream_entry_id: str


@dataclass(frozen=True, slots=True)
class Delivery:
    """A stream entry this service has a handler for, decoded."""

    stream: str
    entry_id: str
    envelope: Envelope
    event: Message
    source: Source


class Subscription:
    def __init__(self, *, producers: Sequence[str], projection_tables: Sequence[str]) -> None:
        self.producers = tuple(producers)
        self.projection_tables = tuple(projection_tables)
        self._handlers: dict[str, Handler] = {}

    @property
    def handlers(self) -> Mapping[str, Handler]:
        return self._handlers

    def handles(
        self, event_class: type[M]
    ) -> Callable[[Callable[[Connection, M, Source], Awaitable[None]]], Handler]:
        """Register the decorated function as the handler of `event_class`."""
        type_name = event_class.DESCRIPTOR.full_name
        message_class(type_name)  # fails at import time for a type that is not in proto/

        def register(fn: Callable[[Connection, M, Source], Awaitable[None]]) -> Handler:
            if type_name in self._handlers:
                raise ValueError(f"{type_name} already has a handler")
            self._handlers[type_name] = fn
            return fn

        return register

    def streams(self, namespace: str) -> dict[str, str]:
        """Stream name → producer, for every producer this subscription reads."""
        return {event_stream(namespace, p): p for p in self.producers}

    def parse(
        self, stream: str, producer: str, entry_id: str, fields: Mapping[bytes, bytes]
    ) -> Delivery | None:
        """The decoded entry; None when this service has no handler for its type.

        Raises `ContractError` (`MalformedEvent`, `UnknownEventType`) for an entry that
        no retry will make valid.
        """
        data = fields.get(ENVELOPE)
        if data is None:
            raise MalformedEvent("stream entry has no envelope field")
        envelope = parse_envelope(data)
        if envelope.type not in self._handlers:
            message_class(envelope.type)  # unknown types are dead-lettered, known ones skipped
            return None
        try:
            event_id = uuid.UUID(envelope.event_id)
        except ValueError:
            raise MalformedEvent(
                "event_id is not a UUID", event_type=envelope.type, event_id=envelope.event_id
            ) from None
        if envelope.producer != producer:
            raise MalformedEvent(
                f"producer {envelope.producer!r} published to the stream of {producer!r}",
                event_type=envelope.type,
                event_id=envelope.event_id,
            )
        event = decode(envelope)
        try:
            occurred_at = envelope.occurred_at.ToDatetime(tzinfo=UTC)
        except (ValueError, OverflowError) as exc:  # seconds beyond year 9999, negative nanos
            raise MalformedEvent(
                f"occurred_at is not a valid time: {exc}",
                event_type=envelope.type,
                event_id=envelope.event_id,
            ) from None
        source = Source(
            event_id=event_id,
            event_type=envelope.type,
            producer=producer,
            occurred_at=occurred_at,
            stream_entry_id=entry_id,
        )
        return Delivery(stream, entry_id, envelope, event, source)

    async def apply(self, conn: Connection, delivery: Delivery) -> bool:
        """Apply the event and record its id, atomically; False if it was applied before (a
        redelivery), in which case nothing changes.

        Inside a transaction, under a savepoint that is rolled back on any failure, so the
        enclosing transaction (the consumer's batch, a replay) stays usable. The savepoint is
        handled by hand rather than with `conn.transaction()`: if a handler swallowed a
        database error, releasing the savepoint fails, and only ROLLBACK TO SAVEPOINT (which
        works in an aborted transaction) brings the enclosing transaction back.
        """
        if not conn.is_in_transaction():
            async with conn.transaction():
                return await self.apply(conn, delivery)
        source = delivery.source
        await conn.execute("SAVEPOINT bus_apply")
        try:
            fresh = await conn.fetchval(
                """
                INSERT INTO processed_events
                    (event_id, event_type, producer, stream_entry_id, occurred_at)
                VALUES ($1, $2, $3, $4, $5)
                ON CONFLICT (event_id) DO NOTHING
                RETURNING true
                """,
                source.event_id,
                source.event_type,
                source.producer,
                source.stream_entry_id,
                source.occurred_at,
            )
            if fresh:
                await self._handlers[source.event_type](conn, delivery.event, source)
            await conn.execute("RELEASE SAVEPOINT bus_apply")
        except BaseException:
            if not conn.is_closed():
                await conn.execute("ROLLBACK TO SAVEPOINT bus_apply")
            raise
        return bool(fresh)
