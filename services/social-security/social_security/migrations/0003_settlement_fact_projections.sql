-- Social security's copies of facts settlement owns and publishes (clause 十九: the poverty
-- registry is shared with hukou and residence records). Clauses 九–十一 need a person's
-- hukou type and residence, so social security decides from these projections and can
-- answer while settlement is down. Written only by social_security.projections, which
-- keeps the highest `version` of each record (servicekit.bus.projection); the source_*
-- columns name the event each row came from, so a decision can cite it.

-- From settlement.v1.PersonRegistered. Minimum necessary (PIPL): birth date and sex feed
-- the rules (age thresholds); the name does not, so it is not kept.
CREATE TABLE person_facts (
    person_id           uuid PRIMARY KEY,
    birth_date          date NOT NULL,
    sex                 text NOT NULL CHECK (sex IN ('MALE', 'FEMALE')),
    version             bigint NOT NULL,
    source_event_id     uuid NOT NULL,
    source_event_type   text NOT NULL,
    source_occurred_at  timestamptz NOT NULL
);

-- From settlement.v1.HukouChanged: the current hukou, at the hukou record's version.
CREATE TABLE hukou_facts (
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
CREATE TABLE residence_permit_facts (
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
CREATE INDEX residence_permit_facts_person_idx ON residence_permit_facts (person_id, issued_on);

-- From settlement.v1.ResidencePeriodRecorded: the period as recorded (its end, once known).
CREATE TABLE residence_period_facts (
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
CREATE INDEX residence_period_facts_person_idx ON residence_period_facts (person_id, started_on);
