"""What operators see of a service's event pipeline: its outbox, its consumer group's
position on each stream, and its dead letters. The same types serve the GraphQL field each
service exposes (`settlementEvents`, `socialSecurityEvents`, …) and `python -m servicekit.bus
status`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import asyncpg
import redis.asyncio as aioredis
import strawberry
from redis.exceptions import ResponseError

from servicekit.bus.streams import text
from servicekit.bus.subscription import Subscription
from servicekit.context import Info
from servicekit.errors import ValidationFailed
from servicekit.federation import graphql_name
from servicekit.pagination import MAX_PAGE_SIZE

# Reading the pipeline's state (errors, event ids, stream positions) is an operator's job.
OPERATE_SCOPE = "events:operate"


@strawberry.federation.type(shareable=True, description="The service's transactional outbox.")
class OutboxStatus:
    pending: int = strawberry.field(description="Events committed but not yet published.")
    oldest_pending_at: datetime | None = strawberry.field(
        description="When the oldest unpublished event was committed (null if none)."
    )
    published: int = strawberry.field(description="Events published since the service began.")
    last_published_at: datetime | None


@strawberry.federation.type(
    shareable=True, description="The consumer group's position on one producer's stream."
)
class StreamStatus:
    stream: str
    producer: str
    length: int = strawberry.field(description="Entries retained in the stream.")
    pending: int = strawberry.field(description="Entries delivered to the group and not yet acknowledged.")
    lag: int | None = strawberry.field(
        description="Entries not yet delivered to the group (null if Redis cannot tell)."
    )


@strawberry.federation.type(
    shareable=True, description="A stream entry this service gave up on, with the error."
)
class DeadLetter:
    id: strawberry.ID
    stream: str
    entry_id: str
    event_id: str = strawberry.field(description="Empty if the entry was not even an envelope.")
    event_type: str
    error_code: str = strawberry.field(description="MALFORMED_EVENT, UNKNOWN_EVENT_TYPE or HANDLER_FAILED.")
    error: str
    attempts: int
    dead_lettered_at: datetime


async def _unresolved_dead_letters(root: ConsumerStatus, first: int = 20) -> list[DeadLetter]:
    if not 1 <= first <= MAX_PAGE_SIZE:
        raise ValidationFailed(f"first must be between 1 and {MAX_PAGE_SIZE}.", field="first")
    return await dead_letters(root._pool, first)


@strawberry.federation.type(shareable=True, description="What this service consumes.")
class ConsumerStatus:
    group: str
    applied: int = strawberry.field(description="Events applied to this service's projections.")
    last_applied_at: datetime | None
    streams: list[StreamStatus]
    dead_letter_count: int = strawberry.field(
        description="Dead letters not yet resolved by a redrive or replay."
    )
    _pool: strawberry.Private[asyncpg.Pool]
    dead_letters: list[DeadLetter] = strawberry.field(
        resolver=_unresolved_dead_letters, description="Unresolved dead letters, the newest first."
    )


@strawberry.federation.type(
    shareable=True, description="A service's event pipeline, for operators (scope events:operate)."
)
class EventPipeline:
    service: str
    outbox: OutboxStatus
    consumer: ConsumerStatus | None = strawberry.field(
        description="Null for a service that consumes no events."
    )


async def dead_letters(pool: asyncpg.Pool, first: int) -> list[DeadLetter]:
    rows = await pool.fetch(
        """
        SELECT id, stream, stream_entry_id, event_id, event_type, error_code, error,
               attempts, dead_lettered_at
        FROM dead_letters WHERE resolved_at IS NULL ORDER BY id DESC LIMIT $1
        """,
        first,
    )
    return [
        DeadLetter(
            id=strawberry.ID(str(r["id"])),
            stream=r["stream"],
            entry_id=r["stream_entry_id"],
            event_id=r["event_id"],
            event_type=r["event_type"],
            error_code=r["error_code"],
            error=r["error"],
            attempts=r["attempts"],
            dead_lettered_at=r["dead_lettered_at"],
        )
        for r in rows
    ]


async def pipeline_status(
    service: str,
    subscription: Subscription | None,
    pool: asyncpg.Pool,
    redis: aioredis.Redis,
    namespace: str,
) -> EventPipeline:
    outbox = await pool.fetchrow(
        """
        SELECT count(*) FILTER (WHERE published_at IS NULL) AS pending,
               min(created_at) FILTER (WHERE published_at IS NULL) AS oldest_pending_at,
               count(*) FILTER (WHERE published_at IS NOT NULL) AS published,
               max(published_at) AS last_published_at
        FROM event_outbox
        """
    )
    assert outbox is not None
    consumer = None
    if subscription is not None:
        applied = await pool.fetchrow("SELECT count(*) AS n, max(applied_at) AS last FROM processed_events")
        dead = await pool.fetchval("SELECT count(*) FROM dead_letters WHERE resolved_at IS NULL")
        assert applied is not None
        consumer = ConsumerStatus(
            group=service,
            applied=applied["n"],
            last_applied_at=applied["last"],
            streams=[
                await _stream_status(redis, stream, producer, service)
                for stream, producer in subscription.streams(namespace).items()
            ],
            dead_letter_count=dead,
            _pool=pool,
        )
    return EventPipeline(service=service, outbox=OutboxStatus(**dict(outbox)), consumer=consumer)


async def _stream_status(redis: aioredis.Redis, stream: str, producer: str, group: str) -> StreamStatus:
    length = await redis.xlen(stream)
    try:
        groups: list[dict[str, Any]] = await redis.xinfo_groups(stream)
    except ResponseError:  # no such stream yet
        groups = []
    mine = next((g for g in groups if text(g["name"]) == group), None)
    return StreamStatus(
        stream=stream,
        producer=producer,
        length=length,
        pending=int(mine["pending"]) if mine else 0,
        lag=None if mine is None or mine.get("lag") is None else int(mine["lag"]),
    )


def event_pipeline_field(service: str, subscription: Subscription | None) -> Any:
    """The Query field `<service in camelCase>Events` of a service's schema."""

    # Nullable: a caller without the scope gets this field null with a FORBIDDEN error,
    # and keeps whatever else the operation asked for.
    async def resolve(info: Info) -> EventPipeline | None:
        context = info.context
        context.caller.require(OPERATE_SCOPE)
        return await pipeline_status(
            service, subscription, context.pool, context.redis, context.settings.bus.namespace
        )

    return strawberry.field(
        resolver=resolve,
        name=graphql_name(service) + "Events",
        description=f"The {service} service's event pipeline: outbox, consumer, dead letters.",
    )
