"""The event bus: transactional outbox → Redis Streams → idempotent projections.

- `outbox.emit` writes an event in the caller's transaction (the producer side).
- `relay.Relay` publishes pending outbox rows to the stream `events.<producer>`.
- `consumer.Consumer` reads the streams a `Subscription` names with a consumer group and
  applies each event once; what cannot be applied goes to `dead_letters`.
- `replay.replay` rebuilds a service's projections from the retained streams.

docs/adr/0004-events-outbox-and-redis-streams.md explains the design and its guarantees.
"""
