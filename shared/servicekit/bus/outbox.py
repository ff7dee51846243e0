"""The producer side: write an event into the outbox, in the transaction of the fact.

    async with pool.acquire() as conn, conn.transaction():
        row = await repository.lift_registration(conn, ...)
        await emit(conn, PovertyLifted(...), producer="social-security")

Both commit or neither does, so no fact change is ever without its event and no event
is ever published for a change that rolled back. The relay publishes the row later.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from google.protobuf.message import Message
from opentelemetry import propagate

from servicekit.contracts.registry import SubjectType, subject_type_name, wrap
from servicekit.db import Connection


class NotInTransaction(RuntimeError):
    """`emit` was called outside a transaction: the event could outlive a rolled-back fact."""


async def emit(conn: Connection, event: Message, *, producer: str) -> uuid.UUID:
    """Append `event` to the outbox in the current transaction; return its event id.

    The envelope carries the W3C trace context of the current span, so the consumer's
    span continues the producing request's trace.
    """
    if not conn.is_in_transaction():
        raise NotInTransaction("emit() must run inside the transaction that changes the fact")
    carrier: dict[str, str] = {}
    propagate.inject(carrier)
    event_id = uuid.uuid4()
    envelope = wrap(
        event,
        producer=producer,
        occurred_at=datetime.now(UTC),
        sequence=0,  # the outbox row's sequence, set by the relay when it publishes
        event_id=str(event_id),
        traceparent=carrier.get("traceparent", ""),
        tracestate=carrier.get("tracestate", ""),
    )
    if envelope.subject_type == SubjectType.SUBJECT_TYPE_PERSON:
        # Person ids are UUIDs (the outbox derives `subject_person_id` from them): fail here,
        # with the value named, rather than in the INSERT's cast.
        uuid.UUID(envelope.subject_id)
    await conn.execute(
        """
        INSERT INTO event_outbox (event_id, event_type, subject_type, subject_id, envelope)
        VALUES ($1, $2, $3, $4, $5)
        """,
        event_id,
        envelope.type,
        subject_type_name(envelope.subject_type),
        envelope.subject_id,
        envelope.SerializeToString(deterministic=True),
    )
    return event_id
