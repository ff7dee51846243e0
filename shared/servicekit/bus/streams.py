"""Names and ids on Redis: one stream per producer, one dead-letter stream per consumer."""

from __future__ import annotations

from redis.typing import EncodableT, FieldT

from servicekit.contracts.registry import Envelope

# Field names of a stream entry. `envelope` is the whole event; the others repeat its
# metadata so that operators can read a stream with redis-cli without decoding protobuf.
ENVELOPE = b"envelope"
EVENT_ID = b"event_id"
EVENT_TYPE = b"type"


def event_stream(namespace: str, producer: str) -> str:
    """`events.settlement`: where the producer's relay publishes."""
    return f"{namespace}events.{producer}"


def dead_letter_stream(namespace: str, consumer: str) -> str:
    """`deadletter.social-security`: entries the consumer gave up on, with the error."""
    return f"{namespace}deadletter.{consumer}"


def relay_marker(stream: str) -> str:
    """A key the producer's relay keeps beside its stream: gone means Redis lost its data
    (the relay then publishes everything again; see relay.Relay._loss)."""
    return f"{stream}:relay-marker"


def text(value: object) -> str:
    """A Redis reply value (bytes with this client) as text."""
    return value.decode() if isinstance(value, bytes) else str(value)


def entry_key(entry_id: str) -> tuple[int, int]:
    """A stream entry id ("1732800000000-3") as a pair that sorts like Redis sorts them."""
    millis, _, seq = entry_id.partition("-")
    return int(millis), int(seq or 0)


def entry_fields(envelope: Envelope) -> dict[FieldT, EncodableT]:
    """The fields of the stream entry that carries `envelope` (what the relay XADDs)."""
    return {
        ENVELOPE: envelope.SerializeToString(deterministic=True),
        EVENT_ID: envelope.event_id.encode(),
        EVENT_TYPE: envelope.type.encode(),
    }
