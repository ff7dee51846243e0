"""Names and ids on Redis: one stream per producer, one dead-letter stream per consumer."""

from __future__ import annotations

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


def entry_key(entry_id: str) -> tuple[int, int]:
    """A stream entry id ("1732800000000-3") as a pair that sorts like Redis sorts them."""
    millis, _, seq = entry_id.partition("-")
    return int(millis), int(seq or 0)
