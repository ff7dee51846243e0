"""A projected row's source, as decisions cite it."""

from __future__ import annotations

import asyncpg

from servicekit.entitlements.model import Source


def projected(row: asyncpg.Record, producer: str, record_id: str | None = None) -> Source:
    """The owner's record and version a projection row holds, and the event that carried it
    (the row's version and source_* columns, servicekit.bus.projection)."""
    return Source(
        producer,
        record_id=record_id,
        version=row["version"],
        event_id=str(row["source_event_id"]),
        event_type=row["source_event_type"],
        occurred_at=row["source_occurred_at"],
    )
