"""Event types of the bus: from the `type` of an envelope to the generated message class.

Hand-written (not generated). The registry is built by walking every generated module
below `servicekit.contracts` except the envelope: each top-level message of a department's
`events.proto` is an event type, registered under its fully qualified protobuf name
(e.g. ``"settlement.v1.PersonRegistered"``). A new event therefore needs no change here:
add it to the .proto file and regenerate (`make proto`).

Producers wrap an event in an `Envelope` with `wrap`; consumers parse the stream entry
with `parse_envelope` and get the event with `decode`.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import uuid
from collections.abc import Mapping
from datetime import datetime
from types import MappingProxyType

from google.protobuf.message import DecodeError, Message

import servicekit.contracts as _contracts
from servicekit.contracts.envelope.v1.envelope_pb2 import Envelope

__all__ = [
    "EVENT_TYPES",
    "ContractError",
    "Envelope",
    "MalformedEvent",
    "UnknownEventType",
    "decode",
    "event_type",
    "message_class",
    "parse_envelope",
    "schema_version",
    "wrap",
]

_ENVELOPE_PACKAGE = "servicekit.contracts.envelope"
_VERSION = re.compile(r"^[a-z_][a-z0-9_.]*\.v([1-9][0-9]*)\.[A-Z][A-Za-z0-9]*$")


class ContractError(Exception):
    """An event does not fit the contracts in proto/."""


class UnknownEventType(ContractError, LookupError):
    """The event type is not defined in proto/ (or its code was not generated)."""

    def __init__(self, event_type: str) -> None:
        super().__init__(
            f"unknown event type {event_type!r}: no message of that name in "
            "servicekit.contracts (is it defined in proto/ and generated with `make proto`?)"
        )
        self.event_type = event_type


class MalformedEvent(ContractError, ValueError):
    """The bytes on the bus are not a valid envelope or event of the named type."""

    def __init__(self, message: str, *, event_type: str = "", event_id: str = "") -> None:
        where = ", ".join(
            part
            for part in (
                f"type {event_type!r}" if event_type else "",
                f"event_id {event_id!r}" if event_id else "",
            )
            if part
        )
        super().__init__(f"malformed event ({where}): {message}" if where else message)
        self.event_type = event_type
        self.event_id = event_id


def _discover() -> dict[str, type[Message]]:
    types: dict[str, type[Message]] = {}
    modules = pkgutil.walk_packages(_contracts.__path__, prefix=f"{_contracts.__name__}.")
    for info in sorted(modules, key=lambda m: m.name):
        if info.ispkg or not info.name.endswith("_pb2"):
            continue
        if info.name.startswith(f"{_ENVELOPE_PACKAGE}."):
            continue
        module = importlib.import_module(info.name)
        for name, descriptor in module.DESCRIPTOR.message_types_by_name.items():
            cls = getattr(module, name)
            if not (isinstance(cls, type) and issubclass(cls, Message)):
                raise TypeError(f"{info.name}.{name} is not a generated message class")
            types[descriptor.full_name] = cls
    return dict(sorted(types.items()))


EVENT_TYPES: Mapping[str, type[Message]] = MappingProxyType(_discover())
"""Every event type, by fully qualified name (``"settlement.v1.PersonRegistered"``)."""


def message_class(type_name: str) -> type[Message]:
    """The generated class of an event type; `UnknownEventType` if there is none."""
    try:
        return EVENT_TYPES[type_name]
    except KeyError:
        raise UnknownEventType(type_name) from None


def event_type(event: Message) -> str:
    """The fully qualified type name of an event message; `UnknownEventType` if it is not one."""
    name = event.DESCRIPTOR.full_name
    if EVENT_TYPES.get(name) is not type(event):
        raise UnknownEventType(name)
    return name


def schema_version(type_name: str) -> int:
    """The N of the `vN` package of an event type: 1 for ``"settlement.v1.PersonRegistered"``."""
    match = _VERSION.match(type_name)
    if match is None:
        raise UnknownEventType(type_name)
    return int(match.group(1))


def wrap(
    event: Message,
    *,
    producer: str,
    occurred_at: datetime,
    sequence: int,
    event_id: str | None = None,
    traceparent: str = "",
    tracestate: str = "",
) -> Envelope:
    """Put an event in an envelope. `subject_person_id` is the event's `person_id`.

    `occurred_at` must be timezone-aware; `event_id` defaults to a new UUID v4.
    """
    name = event_type(event)
    person_id = _person_id(event, name)
    if occurred_at.tzinfo is None or occurred_at.utcoffset() is None:
        raise ValueError("occurred_at must be timezone-aware")
    envelope = Envelope(
        event_id=event_id if event_id is not None else str(uuid.uuid4()),
        type=name,
        subject_person_id=person_id,
        producer=producer,
        schema_version=schema_version(name),
        traceparent=traceparent,
        tracestate=tracestate,
        payload=event.SerializeToString(deterministic=True),
        sequence=sequence,
    )
    envelope.occurred_at.FromDatetime(occurred_at)
    return envelope


def parse_envelope(data: bytes) -> Envelope:
    """Parse an envelope from its binary encoding; `MalformedEvent` if it does not parse."""
    try:
        envelope = Envelope.FromString(data)
    except DecodeError as exc:
        raise MalformedEvent(f"envelope does not parse: {exc}") from exc
    if not envelope.type:
        raise MalformedEvent("envelope has no type", event_id=envelope.event_id)
    return envelope


def decode(envelope: Envelope) -> Message:
    """The event in an envelope, as an instance of the class named by `envelope.type`.

    Raises `UnknownEventType` when the type is not in `EVENT_TYPES`, and `MalformedEvent`
    when the payload does not parse as that type or names another person than
    `envelope.subject_person_id`.
    """
    cls = message_class(envelope.type)
    try:
        event = cls.FromString(envelope.payload)
    except DecodeError as exc:
        raise MalformedEvent(
            f"payload does not parse: {exc}", event_type=envelope.type, event_id=envelope.event_id
        ) from exc
    person_id = _person_id(event, envelope.type, envelope.event_id)
    if person_id != envelope.subject_person_id:
        raise MalformedEvent(
            f"payload person_id {person_id!r} differs from subject_person_id "
            f"{envelope.subject_person_id!r}",
            event_type=envelope.type,
            event_id=envelope.event_id,
        )
    return event


def _person_id(event: Message, type_name: str, event_id: str = "") -> str:
    person_id = getattr(event, "person_id", None)
    if not isinstance(person_id, str) or not person_id:
        raise MalformedEvent("event has no person_id", event_type=type_name, event_id=event_id)
    return person_id
