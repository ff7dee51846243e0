"""Values in event payloads, read and written one way everywhere.

Dates are "YYYY-MM-DD" strings on the wire and `date` in the databases: producers write
them with `wire_date`, and enums stored as their words with `wire_enum`. Handlers read
every value with the `payload_*` helpers, which turn a value no retry can make valid into
`MalformedEvent`, so the entry is dead-lettered at once instead of failing in SQL (a bad
uuid), being retried as if the failure could pass, or being stored where the GraphQL layer
cannot show it (an unknown region).

A `field` is a field name of the event, or names joined by dots through the messages an
event shares with others ("permit.valid_until" in settlement's permit events).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar

from google.protobuf.message import Message

from servicekit.contracts.registry import MalformedEvent, event_type
from servicekit.errors import UnknownRegion
from servicekit.identity import validate_region_code

if TYPE_CHECKING:  # the generic wrapper exists in the stubs only
    from google.protobuf.internal.enum_type_wrapper import _EnumTypeWrapper

V = TypeVar("V", bound=int)


def _value(event: Message, field: str) -> Any:
    value: Any = event
    for name in field.split("."):
        value = getattr(value, name)
    return value


def wire_enum(enum: _EnumTypeWrapper[V], name: str | None) -> V:
    """The enum value a stored word stands for: `wire_enum(pb.Industry, "METRO")` →
    `INDUSTRY_METRO`; None → the UNSPECIFIED value (0, proto3's "not set"). The values'
    prefix is the zero value's (buf lint makes it `<ENUM>_UNSPECIFIED`)."""
    zero = enum.DESCRIPTOR.values[0].name
    return enum.Value(zero if name is None else zero.removesuffix("UNSPECIFIED") + name)


def wire_date(value: date | None) -> str:
    """`date(2019, 5, 17)` → "2019-05-17"; None → "" (proto3 has no null)."""
    return "" if value is None else value.isoformat()


def payload_date(event: Message, field: str, *, required: bool = True) -> date | None:
    """The date in `event.<field>`; None if empty and not required."""
    value = _value(event, field)
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


def payload_uuid(event: Message, field: str) -> uuid.UUID:
    value = _value(event, field)
    try:
        return uuid.UUID(value)
    except (ValueError, TypeError):
        raise MalformedEvent(f"{field} is not a UUID: {value!r}", event_type=event_type(event)) from None


def payload_version(event: Message) -> int:
    """`event.version`, which must be set: 0 is proto3's "absent", and a projection that
    stored it would let any later event overwrite the record whatever its order."""
    version: int = getattr(event, "version", 0)
    if version < 1:
        raise MalformedEvent(f"version must be at least 1, not {version}", event_type=event_type(event))
    return version


def payload_region(event: Message, field: str) -> str:
    """A GB/T 2260 region code the GraphQL layer can name (`Region.of`)."""
    value: str = _value(event, field)
    try:
        return validate_region_code(value)
    except UnknownRegion:
        raise MalformedEvent(
            f"{field} is not a known GB/T 2260 region code: {value!r}", event_type=event_type(event)
        ) from None


def payload_enum(event: Message, field: str, values: Mapping[int, str]) -> str:
    """The stored spelling of an enum field. UNSPECIFIED (0, proto3's "absent") and numbers
    this build does not know (added by a newer producer) are malformed here."""
    number: int = _value(event, field)
    try:
        return values[number]
    except KeyError:
        raise MalformedEvent(f"{field} has no usable value: {number}", event_type=event_type(event)) from None
