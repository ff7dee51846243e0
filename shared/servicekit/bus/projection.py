"""Writing a projection row: keep the highest version of each record, name its source.

Every projection table has, besides its own columns, the four columns that say which
event the row came from:

    version             bigint NOT NULL,      -- the record's version at the producer
    source_event_id     uuid NOT NULL,
    source_event_type   text NOT NULL,
    source_occurred_at  timestamptz NOT NULL,

`upsert_newer` inserts the row, or overwrites the existing one only when the event's
version is higher: an event that arrives late (another replica was faster, or a replay)
then changes nothing, so the projection ends the same whatever the delivery order.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from servicekit.bus.subscription import Source
from servicekit.db import Connection, plain_identifier


async def upsert_newer(
    conn: Connection,
    table: str,
    *,
    key: Sequence[str],
    values: Mapping[str, Any],
    version: int,
    source: Source,
) -> bool:
    """Write `values` (key columns included) at `version`; False if a newer one is there."""
    row = {
        **values,
        "version": version,
        "source_event_id": source.event_id,
        "source_event_type": source.event_type,
        "source_occurred_at": source.occurred_at,
    }
    table = plain_identifier(table)
    columns = [plain_identifier(column) for column in row]
    missing = [k for k in key if k not in values]
    if missing:
        raise ValueError(f"key columns without a value: {missing}")
    updates = ", ".join(f"{c} = excluded.{c}" for c in columns if c not in key)
    placeholders = ", ".join(f"${i}" for i in range(1, len(columns) + 1))
    written = await conn.fetchval(
        f"""
        INSERT INTO {table} AS current ({", ".join(columns)}) VALUES ({placeholders})
        ON CONFLICT ({", ".join(key)}) DO UPDATE SET {updates}
        WHERE current.version < excluded.version
        RETURNING true
        """,
        *row.values(),
    )
    return bool(written)
