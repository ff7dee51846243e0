"""Facts settlement uses but does not own, projected from other departments' events.

Settlement's decisions need to know whether a person is registered poor (建档立卡,
clauses 十四 and 十九); social-security owns that fact and publishes it. Both events carry
the whole registration, so each handler writes the same row and the highest version wins
(servicekit.bus.projection.upsert_newer): late, reordered or replayed events change nothing.
"""

from __future__ import annotations

from datetime import date

from fujian.events.social_security.v1.events_pb2 import PovertyLifted, PovertyRegistered
from servicekit.bus.payload import payload_uuid, payload_version, required_date
from servicekit.bus.projection import upsert_newer
from servicekit.bus.subscription import Source, Subscription
from servicekit.contracts.registry import MalformedEvent, event_type
from servicekit.db import Connection

SOCIAL_SECURITY = "social-security"

subscription = Subscription(producers=[SOCIAL_SECURITY], projection_tables=["poverty_registration_facts"])


@subscription.handles(PovertyRegistered)
async def on_poverty_registered(conn: Connection, event: PovertyRegistered, source: Source) -> None:
    await _project_registration(conn, event, lifted_on=None, source=source)


@subscription.handles(PovertyLifted)
async def on_poverty_lifted(conn: Connection, event: PovertyLifted, source: Source) -> None:
    await _project_registration(conn, event, lifted_on=required_date(event, "lifted_on"), source=source)


async def _project_registration(
    conn: Connection,
    event: PovertyRegistered | PovertyLifted,
    *,
    lifted_on: date | None,
    source: Source,
) -> None:
    # The payload_* readers raise MalformedEvent for what no retry can fix, so such an
    # entry is dead-lettered at once instead of failing max_attempts times.
    if not event.household_number:
        raise MalformedEvent(
            "household_number is empty", event_type=event_type(event), event_id=str(source.event_id)
        )
    await upsert_newer(
        conn,
        "poverty_registration_facts",
        key=["registration_id"],
        values={
            "registration_id": payload_uuid(event, "registration_id"),
            "person_id": payload_uuid(event, "person_id"),
            "household_number": event.household_number,
            "registered_on": required_date(event, "registered_on"),
            "lifted_on": lifted_on,
        },
        version=payload_version(event),
        source=source,
    )
