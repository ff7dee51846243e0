-- Settlement publishes its facts as events (settlement.v1, servicekit.bus). Each event
-- carries its record's version, so consumers keep the newest state whatever the order
-- in which deliveries reach them.

-- The identity record (name, birth date, sex) and the hukou change independently, so
-- each has its own version. hukou_version counts recordHukou calls: 0 means "no hukou
-- recorded yet"; persons recorded before this migration start from their history.
ALTER TABLE persons
    ADD COLUMN version bigint NOT NULL DEFAULT 1,
    ADD COLUMN hukou_version bigint NOT NULL DEFAULT 0;
UPDATE persons p SET hukou_version = h.n
FROM (SELECT person_id, count(*) AS n FROM hukou_records GROUP BY person_id) h
WHERE h.person_id = p.id;

-- A permit's version rises on renewal, revocation and expiry. expiry_published says
-- that the expiry of the current valid_until has been published: the sweep sets it, a
-- renewal (a new valid_until) clears it.
ALTER TABLE residence_permits
    ADD COLUMN version bigint NOT NULL DEFAULT 1,
    ADD COLUMN expiry_published boolean NOT NULL DEFAULT false;
-- The expiry sweep's lookup: permits not yet published as expired, by end date.
CREATE INDEX residence_permits_expiry_due_idx ON residence_permits (valid_until, id)
    WHERE revoked_on IS NULL AND NOT expiry_published;

ALTER TABLE residence_periods ADD COLUMN version bigint NOT NULL DEFAULT 1;

-- Projection of social-security's poverty registrations (建档立卡), which settlement's
-- decisions use (clauses 十四, 十九). Written only by settlement.projections from
-- social_security.v1 events, keeping each registration's highest version; no foreign
-- key to persons, since events from another department may arrive in any order.
CREATE TABLE poverty_registration_facts (
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
CREATE INDEX poverty_registration_facts_person_idx
    ON poverty_registration_facts (person_id, registered_on);
