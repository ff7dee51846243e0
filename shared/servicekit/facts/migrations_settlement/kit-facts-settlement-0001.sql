-- The kit's projection of settlement's shared facts (servicekit.facts.settlement): a
-- department's copies of a person's identity, hukou, residence permits and residence
-- periods, written only by the kit's handlers, which keep the highest `version` of each
-- record; the source_* columns name the event each row came from, so a decision can cite
-- it (clause 十九). IF NOT EXISTS: social security created the same tables in its own
-- migration 0003 before the kit held them.

-- From settlement.v1.PersonRegistered. Minimum necessary (PIPL): birth date and sex feed
-- the rules (age thresholds); the name does not, so it is not kept.
CREATE TABLE IF NOT EXISTS person_facts (
    person_id           uuid PRIMARY KEY,
    birth_date          date NOT NULL,
    sex                 text NOT NULL CHECK (sex IN ('MALE', 'FEMALE')),
    version             bigint NOT NULL,
    source_event_id     uuid NOT NULL,
    source_event_type   text NOT NULL,
    source_occurred_at  timestamptz NOT NULL
);

-- From settlement.v1.HukouChanged: the current hukou, at the hukou record's version.
CREATE TABLE IF NOT EXISTS hukou_facts (
    person_id           uuid PRIMARY KEY,
    hukou_type          text NOT NULL CHECK (hukou_type IN ('RURAL', 'URBAN')),
    region_code         text NOT NULL,
    recorded_on         date NOT NULL,
    version             bigint NOT NULL,
    source_event_id     uuid NOT NULL,
    source_event_type   text NOT NULL,
    source_occurred_at  timestamptz NOT NULL
);

-- From settlement.v1.ResidencePermitIssued / Renewed / Revoked / Expired, each carrying
-- the permit's whole state. `expired` is what only the event type says: settlement
-- recorded that the permit ran out without renewal.
CREATE TABLE IF NOT EXISTS residence_permit_facts (
    permit_id           uuid PRIMARY KEY,
    person_id           uuid NOT NULL,
    city_code           text NOT NULL,
    issued_on           date NOT NULL,
    valid_until         date NOT NULL,
    revoked_on          date,
    revocation_reason   text,
    expired             boolean NOT NULL DEFAULT false,
    version             bigint NOT NULL,
    source_event_id     uuid NOT NULL,
    source_event_type   text NOT NULL,
    source_occurred_at  timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS residence_permit_facts_person_idx ON residence_permit_facts (person_id, issued_on);

-- From settlement.v1.ResidencePeriodRecorded: the period as recorded (its end, once known).
CREATE TABLE IF NOT EXISTS residence_period_facts (
    period_id           uuid PRIMARY KEY,
    person_id           uuid NOT NULL,
    city_code           text NOT NULL,
    started_on          date NOT NULL,
    ended_on            date,
    version             bigint NOT NULL,
    source_event_id     uuid NOT NULL,
    source_event_type   text NOT NULL,
    source_occurred_at  timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS residence_period_facts_person_idx ON residence_period_facts (person_id, started_on);
