"""Dates in event payloads: "YYYY-MM-DD" strings on the wire, `date` in the databases.

Producers write them with `wire_date`; handlers read them with `payload_date`, which
turns a bad value into `MalformedEvent`, so the entry is dead-lettered at once instead
of being retried as if the failure could pass.
"""

from __future__ import annotations

from datetime import date

from google.protobuf.message import Message

from servicekit.contracts.registry import MalformedEvent, event_type


def wire_date(value: date | None) -> str:
    """`date(2019, 5, 17)` → "2019-05-17"; None → "" (proto3 has no null)."""
    return "" if value is None else value.isoformat()


def payload_date(event: Message, field: str, *, required: bool = True) -> date | None:
    """The date in `event.<field>`; None if empty and not required."""
    value = getattr(event, field)
    if not value:
        if required:
            raise MalformedEvent(f"{field} is empty", event_type=event_type(event))
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise MalformedEvent(
            f"{field} is not a YYYY-MM-DD date: {value!r}", event_type=event_type(event)
        ) from None


def required_date(event: Message, field: str) -> date:
    parsed = payload_date(event, field)
    assert parsed is not None
    return parsed
