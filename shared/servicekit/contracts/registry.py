"""Event types of the bus: from the `type` of an envelope to the generated message class.

Hand-written (not generated). The registry walks every generated module below the
`fujian.events` package (generated from proto/ by `make proto`) and registers each
top-level message that carries the event option (`option (fujian.events.options.v1.event)`,
proto/fujian/events/options/v1/options.proto) under its fully qualified protobuf name, e.g.
``"fujian.events.settlement.v1.PersonRegistered"``. Messages without the option are
plain messages that events share (settlement's `ResidencePermit`) and are never events.
A new event therefore needs no change here: add it, with the option, to the .proto file
and regenerate.

The option names the event's subject (what kind of thing it is about, and the payload
field holding its id). `wrap` copies the subject into the envelope; `decode` checks that
the envelope and the payload name the same subject, so routing, logging and the outbox
can trust the envelope without decoding the payload.

Producers wrap an event in an `Envelope` with `wrap`; consumers parse the stream entry
with `parse_envelope` and get the event with `decode`.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from types import MappingProxyType

from google.protobuf.descriptor import Descriptor, FieldDescriptor
from google.protobuf.message import DecodeError, Message

import fujian.events as _events
from fujian.events.envelope.v1.envelope_pb2 import Envelope
from fujian.events.options.v1 import options_pb2
from fujian.events.options.v1.options_pb2 import SubjectType

__all__ = [
    "EVENT_TYPES",
    "SUBJECTS",
    "ContractError",
    "Envelope",
    "EventSubject",
    "MalformedEvent",
    "SubjectType",
    "UnknownEventType",
    "decode",
    "event_type",
    "message_class",
    "parse_envelope",
    "producer_of",
    "schema_version",
    "subject_id",
    "subject_type_name",
    "wrap",
]

EVENTS_PACKAGE = "fujian.events"
# Packages below fujian.events that hold no department's events: the envelope, the option,
# and the kit's own test contract (which the registry does register, for tests/bus; it is
# published by no department, see proto/fujian/events/testing/v1/events.proto).
_NOT_A_PRODUCER = {"envelope", "options"}
_VERSION = re.compile(r"^fujian\.events\.([a-z][a-z0-9_]*)\.v([1-9][0-9]*)\.[A-Z][A-Za-z0-9]*$")


class ContractError(Exception):
    """An event does not fit the contracts in proto/."""


class UnknownEventType(ContractError, LookupError):
    """The event type is not defined in proto/ (or its code was not generated)."""

    def __init__(self, event_type: str) -> None:
        super().__init__(
            f"unknown event type {event_type!r}: no event of that name in "
            f"{EVENTS_PACKAGE} (is it defined in proto/ with the event option, and generated "
            "with `make proto`?)"
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


@dataclass(frozen=True, slots=True)
class EventSubject:
    """What an event type is about, from its event option."""

    type: SubjectType.ValueType
    # The payload field holding the subject id: names of singular message fields, then
    # the name of a string field.
    path: tuple[str, ...]

    @property
    def field(self) -> str:
        return ".".join(self.path)


def subject_type_name(subject_type: SubjectType.ValueType) -> str:
    """The short, stable spelling of a subject type: SUBJECT_TYPE_PERSON → "person"
    (the outbox's `subject_type` column, logs)."""
    try:
        name = SubjectType.Name(subject_type)
    except ValueError:
        return f"unknown_{int(subject_type)}"
    return name.removeprefix("SUBJECT_TYPE_").lower()


def _subject_of(descriptor: Descriptor) -> EventSubject | None:
    """The event option of a message, checked; None when the message is not an event."""
    options = descriptor.GetOptions()
    if not options.HasExtension(options_pb2.event):
        return None
    option = options.Extensions[options_pb2.event]
    where = f"{descriptor.full_name} (option fujian.events.options.v1.event)"
    if option.subject_type == SubjectType.SUBJECT_TYPE_UNSPECIFIED:
        raise TypeError(f"{where}: subject_type is unspecified")
    path = tuple(option.subject_field.split("."))
    current: Descriptor = descriptor
    for depth, name in enumerate(path):
        field = current.fields_by_name.get(name)
        if field is None:
            raise TypeError(f"{where}: no field {name!r} in {current.full_name}")
        if field.is_repeated:
            raise TypeError(f"{where}: field {name!r} of {current.full_name} is repeated")
        last = depth == len(path) - 1
        if last and field.type != FieldDescriptor.TYPE_STRING:
            raise TypeError(f"{where}: subject field {option.subject_field!r} is not a string")
        if not last:
            if field.message_type is None:
                raise TypeError(f"{where}: field {name!r} of {current.full_name} is not a message")
            current = field.message_type
    return EventSubject(type=option.subject_type, path=path)


def _discover() -> tuple[dict[str, type[Message]], dict[str, EventSubject]]:
    types: dict[str, type[Message]] = {}
    subjects: dict[str, EventSubject] = {}
    modules = pkgutil.walk_packages(_events.__path__, prefix=f"{EVENTS_PACKAGE}.")
    for info in sorted(modules, key=lambda m: m.name):
        if info.ispkg or not info.name.endswith("_pb2"):
            continue
        module = importlib.import_module(info.name)
        for name, descriptor in module.DESCRIPTOR.message_types_by_name.items():
            subject = _subject_of(descriptor)
            if subject is None:
                continue  # a plain message that events share, not an event
            cls = getattr(module, name)
            if not (isinstance(cls, type) and issubclass(cls, Message)):
                raise TypeError(f"{info.name}.{name} is not a generated message class")
            types[descriptor.full_name] = cls
            subjects[descriptor.full_name] = subject
    return dict(sorted(types.items())), dict(sorted(subjects.items()))


_types, _subjects = _discover()

EVENT_TYPES: Mapping[str, type[Message]] = MappingProxyType(_types)
"""Every event type, by fully qualified name (``"fujian.events.settlement.v1.PersonRegistered"``)."""

SUBJECTS: Mapping[str, EventSubject] = MappingProxyType(_subjects)
"""What each event type is about (its event option), by the same names as EVENT_TYPES."""


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


def _parts(type_name: str) -> tuple[str, int]:
    match = _VERSION.match(type_name)
    if match is None or match.group(1) in _NOT_A_PRODUCER:
        raise UnknownEventType(type_name)
    return match.group(1), int(match.group(2))


def schema_version(type_name: str) -> int:
    """The N of the `vN` package of an event type: 1 for
    ``"fujian.events.settlement.v1.PersonRegistered"``."""
    return _parts(type_name)[1]


def producer_of(type_name: str) -> str:
    """The department that owns an event type, from its package: the Python spelling of
    the package with `_` as `-` (``"fujian.events.social_security.v1.PovertyLifted"`` →
    ``"social-security"``), which is the service's name and its stream's."""
    return _parts(type_name)[0].replace("_", "-")


def subject_id(event: Message, type_name: str | None = None, event_id: str = "") -> str:
    """The id of the event's subject, read from the field its event option names;
    `MalformedEvent` if it is empty."""
    name = type_name if type_name is not None else event_type(event)
    subject = SUBJECTS.get(name)
    if subject is None:
        raise UnknownEventType(name)
    value: Message = event
    for part in subject.path[:-1]:
        value = getattr(value, part)
    found = getattr(value, subject.path[-1])
    if not isinstance(found, str) or not found:
        raise MalformedEvent(
            f"event has no {subject.field} (its subject, a {subject_type_name(subject.type)})",
            event_type=name,
            event_id=event_id,
        )
    return found


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
    """Put an event in an envelope, with the subject its event option names.

    `occurred_at` must be timezone-aware; `event_id` defaults to a new UUID v4.
    """
    name = event_type(event)
    subject = subject_id(event, name)
    if occurred_at.tzinfo is None or occurred_at.utcoffset() is None:
        raise ValueError("occurred_at must be timezone-aware")
    envelope = Envelope(
        event_id=event_id if event_id is not None else str(uuid.uuid4()),
        type=name,
        subject_type=SUBJECTS[name].type,
        subject_id=subject,
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
    when the payload does not parse as that type, or names another subject (type or id)
    than the envelope.
    """
    cls = message_class(envelope.type)
    try:
        event = cls.FromString(envelope.payload)
    except DecodeError as exc:
        raise MalformedEvent(
            f"payload does not parse: {exc}", event_type=envelope.type, event_id=envelope.event_id
        ) from exc
    expected = SUBJECTS[envelope.type]
    if envelope.subject_type != expected.type:
        raise MalformedEvent(
            f"envelope subject_type {subject_type_name(envelope.subject_type)!r} differs from "
            f"the event's {subject_type_name(expected.type)!r}",
            event_type=envelope.type,
            event_id=envelope.event_id,
        )
    found = subject_id(event, envelope.type, envelope.event_id)
    if found != envelope.subject_id:
        raise MalformedEvent(
            f"payload {expected.field} {found!r} differs from subject_id {envelope.subject_id!r}",
            event_type=envelope.type,
            event_id=envelope.event_id,
        )
    return event
