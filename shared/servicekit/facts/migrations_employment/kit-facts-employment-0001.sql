-- The kit's projection of employment's records (servicekit.facts.employment): where and
-- since when a person works, for the target-person test ("worked in a city one year or
-- more") and the rules that need the industry (clause 十二). Written only by the kit's
-- handlers, which keep the highest `version` of each record.
CREATE TABLE IF NOT EXISTS employment_facts (
    employment_id       uuid PRIMARY KEY,
    person_id           uuid NOT NULL,
    employer            text NOT NULL,
    industry            text NOT NULL,
    city_code           text NOT NULL,
    started_on          date NOT NULL,
    ended_on            date,
    version             bigint NOT NULL,
    source_event_id     uuid NOT NULL,
    source_event_type   text NOT NULL,
    source_occurred_at  timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS employment_facts_person_idx ON employment_facts (person_id, started_on);
