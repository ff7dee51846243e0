"""Small value parsers shared by every service: ids, dates, names."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime
from uuid import UUID
from zoneinfo import ZoneInfo

from servicekit.errors import NotFound, ValidationFailed

CHINA_TZ = ZoneInfo("Asia/Shanghai")


def today() -> date:
    """Today in China: a permit valid until 2026-11-28 is valid all that day in Fujian."""
    return datetime.now(CHINA_TZ).date()


def parse_id(value: str, *, field: str = "id", what: str = "record") -> UUID:
    """An opaque id from the API; a malformed one cannot name anything, so it is NOT_FOUND."""
    try:
        return UUID(value)
    except (ValueError, AttributeError, TypeError):
        raise NotFound(f"No {what} has the id {value!r}.", field=field) from None


def require_not_future(value: date, *, field: str, as_of: date | None = None) -> date:
    if value > (as_of or today()):
        raise ValidationFailed(f"{field} cannot be in the future.", field=field)
    return value


def require_order(start: date, end: date, *, start_field: str, end_field: str) -> None:
    if end < start:
        raise ValidationFailed(
            f"{end_field} ({end.isoformat()}) is before {start_field} ({start.isoformat()}).",
            field=end_field,
        )


# Control, format (bidirectional overrides, zero-width), surrogate, private-use and
# unassigned characters: nothing a name or a place needs, and each can hide what an officer
# reads or break what a log line means.
_UNPRINTABLE = frozenset({"Cc", "Cf", "Cs", "Co", "Cn"})


def _printable(value: str, field: str) -> str:
    text = " ".join(value.split())
    if any(unicodedata.category(c) in _UNPRINTABLE for c in text):
        raise ValidationFailed("The text contains control or invisible characters.", field=field)
    return text


def clean_text(value: str, *, field: str, max_length: int, required: bool = True) -> str:
    """Free text (a reason, an address): whitespace collapsed, control characters refused,
    at most `max_length` characters; "" when empty and not `required`."""
    text = _printable(value, field)
    if required and not text:
        raise ValidationFailed(f"{field} cannot be empty.", field=field)
    if len(text) > max_length:
        raise ValidationFailed(f"{field} has at most {max_length} characters.", field=field)
    return text


def clean_name(value: str, *, field: str = "name", max_length: int = 50) -> str:
    """A name or a short label: whitespace collapsed, control characters refused."""
    name = _printable(value, field)
    if not name:
        raise ValidationFailed("A name cannot be empty.", field=field)
    if len(name) > max_length:
        raise ValidationFailed(f"A name has at most {max_length} characters.", field=field)
    return name
