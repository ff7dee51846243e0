-- Failed attempts to apply a stream entry, counted here rather than by Redis's delivery
-- counter: an entry redelivered because PostgreSQL or Redis was down has not failed, and
-- must not move closer to the dead-letter table. Only a handler's (or parser's) failure
-- counts; at BUS_MAX_ATTEMPTS the entry is dead-lettered.
CREATE TABLE failed_attempts (
    stream           text NOT NULL,
    stream_entry_id  text NOT NULL,
    attempts         integer NOT NULL,
    last_error       text NOT NULL,
    last_failed_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (stream, stream_entry_id)
);
