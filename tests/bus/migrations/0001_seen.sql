-- A projection for the bus tests: the poverty registrations a probe consumer has seen.
CREATE TABLE seen_registrations (
    registration_id   uuid PRIMARY KEY,
    person_id         uuid NOT NULL,
    household_number  text NOT NULL,
    lifted_on         date,
    version           bigint NOT NULL,
    source_event_id   uuid NOT NULL
);
-- Handlers that fail on purpose: a row here makes the handler raise for that household.
CREATE TABLE poisoned_households (household_number text PRIMARY KEY);
-- How many times each event reached a handler and committed: anything above 1 would be
-- an event applied twice, which the bus promises never happens.
CREATE TABLE handled_events (event_id uuid PRIMARY KEY, times integer NOT NULL);
-- Handlers that swallow a database error on purpose (which loses their transaction).
CREATE TABLE swallowing_households (household_number text PRIMARY KEY);
