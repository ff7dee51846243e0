"""GraphQL value types that several subgraphs return, declared once and @shareable."""

from __future__ import annotations

from datetime import datetime
from enum import Enum

import asyncpg
import strawberry

from servicekit.identity import Sex as SexValue
from servicekit.identity import region_name

# Enums more than one subgraph returns: declared once, so the supergraph has one of each.
Sex = strawberry.enum(SexValue, description="Sex as recorded on the resident ID card.")


@strawberry.enum(description="Type of household registration (户口).")
class HukouType(Enum):
    RURAL = "RURAL"
    URBAN = "URBAN"


@strawberry.federation.type(
    shareable=True, description="An administrative region (GB/T 2260 code and its name)."
)
class Region:
    code: str = strawberry.field(description="Six-digit GB/T 2260 code, e.g. 350102.")
    name: str = strawberry.field(description="Full name, e.g. 福建省福州市鼓楼区.")

    @classmethod
    def of(cls, code: str) -> Region:
        return cls(code=code, name=region_name(code))


@strawberry.federation.type(
    shareable=True,
    description="The event a department's copy of another department's fact came from "
    "(clause 十九): decisions name it so that they can be traced to the owner's record.",
)
class FactSource:
    producer: str = strawberry.field(description="The department that owns the fact.")
    event_id: strawberry.ID
    event_type: str = strawberry.field(description='e.g. "fujian.events.settlement.v1.HukouChanged".')
    version: int = strawberry.field(description="Version of the record at its owner.")
    occurred_at: datetime = strawberry.field(description="When the owner recorded the change.")

    @classmethod
    def of(cls, row: asyncpg.Record, producer: str) -> FactSource:
        """From a projection row's version and source_* columns (servicekit.bus.projection)."""
        return cls(
            producer=producer,
            event_id=strawberry.ID(str(row["source_event_id"])),
            event_type=row["source_event_type"],
            version=row["version"],
            occurred_at=row["source_occurred_at"],
        )
