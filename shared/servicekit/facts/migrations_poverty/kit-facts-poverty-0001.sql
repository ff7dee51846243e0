-- The kit's projection of social security's poverty registrations (建档立卡), the shared
-- fact every department's target-person test needs (servicekit.facts.poverty). Written
-- only by the kit's handlers, which keep the highest `version` of each registration.
-- IF NOT EXISTS: settlement created the same table in its own migration 0002 before the
-- kit held it.
CREATE TABLE IF NOT EXISTS poverty_registration_facts (
    registration_id     uuid PRIMARY KEY,
    person_id           uuid NOT NULL,
    household_number    text NOT NULL,
    registered_on       date NOT NULL,
    lifted_on           date,
    version             bigint NOT NULL,
    source_event_id     uuid NOT NULL,
    source_event_type   text NOT NULL,
    source_occurred_at  timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS poverty_registration_facts_person_idx
    ON poverty_registration_facts (person_id, registered_on);
