-- The event bus's tables, in every service's database (servicekit.bus).

-- Transactional outbox: a service writes its fact and the event row in one transaction;
-- the relay publishes pending rows in `sequence` order and marks them. Published rows
-- are kept: they are the producer's durable copy of every event it ever emitted, from
-- which the relay re-publishes what a Redis that lost data no longer has.
CREATE TABLE event_outbox (
    sequence           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id           uuid NOT NULL UNIQUE,
    event_type         text NOT NULL,
    subject_person_id  uuid NOT NULL,
    -- the serialized envelope.v1.Envelope, without its `sequence` (the relay sets it)
    envelope           bytea NOT NULL,
    created_at         timestamptz NOT NULL DEFAULT now(),
    published_at       timestamptz,
    stream_entry_id    text,
    CONSTRAINT event_outbox_published CHECK ((published_at IS NULL) = (stream_entry_id IS NULL))
);
CREATE INDEX event_outbox_pending_idx ON event_outbox (sequence) WHERE published_at IS NULL;

-- Wake the relay at commit instead of waiting for its next poll.
CREATE FUNCTION event_outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('event_outbox', '');
    RETURN NULL;
END;
$$;
CREATE TRIGGER event_outbox_notify AFTER INSERT ON event_outbox
    FOR EACH STATEMENT EXECUTE FUNCTION event_outbox_notify();

-- Every event this service has applied, recorded in the transaction that applied it:
-- a redelivered event finds its id here and is skipped.
CREATE TABLE processed_events (
    event_id         uuid PRIMARY KEY,
    event_type       text NOT NULL,
    producer         text NOT NULL,
    stream_entry_id  text NOT NULL,
    occurred_at      timestamptz NOT NULL,
    applied_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX processed_events_producer_idx ON processed_events (producer);

-- Entries this service could not apply: malformed or unknown at once, failing handlers
-- after BUS_MAX_ATTEMPTS deliveries. Also copied to the stream `deadletter.<service>`.
CREATE TABLE dead_letters (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    stream            text NOT NULL,
    stream_entry_id   text NOT NULL,
    event_id          text NOT NULL DEFAULT '',
    event_type        text NOT NULL DEFAULT '',
    error_code        text NOT NULL,
    error             text NOT NULL,
    attempts          integer NOT NULL,
    envelope          bytea,
    dead_lettered_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT dead_letters_entry_key UNIQUE (stream, stream_entry_id)
);
