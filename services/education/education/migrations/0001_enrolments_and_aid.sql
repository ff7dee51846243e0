-- Education's own records (clauses 五, 六, and its part of 三 and 四): enrolments, the
-- graduations that end some of them, and student aid granted for an enrolment. Each row has
-- a `version` its events carry (increased on every change).

-- An enrolment of a student at one school. Compulsory levels (PRIMARY, JUNIOR_SECONDARY)
-- carry the grade 1–9; other levels none. `ended_on` is the last day, with its reason.
CREATE TABLE enrolments (
    id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    person_id      uuid NOT NULL,
    level          text NOT NULL CHECK (level IN (
        'PRESCHOOL', 'PRIMARY', 'JUNIOR_SECONDARY', 'SENIOR_SECONDARY', 'VOCATIONAL',
        'TECHNICAL_SCHOOL', 'HIGHER', 'POSTGRADUATE'
    )),
    grade          smallint CHECK (grade BETWEEN 1 AND 9),
    school         text NOT NULL CHECK (length(school) BETWEEN 1 AND 100),
    city_code      text NOT NULL CHECK (city_code ~ '^[0-9]{6}$'),
    public_school  boolean NOT NULL,
    started_on     date NOT NULL,
    ended_on       date,
    end_reason     text CHECK (end_reason IN ('GRADUATED', 'TRANSFERRED', 'LEFT')),
    version        bigint NOT NULL DEFAULT 1,
    created_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT enrolments_dates CHECK (ended_on IS NULL OR ended_on >= started_on),
    CONSTRAINT enrolments_end_reason CHECK ((ended_on IS NULL) = (end_reason IS NULL)),
    CONSTRAINT enrolments_grade CHECK (
        (level IN ('PRIMARY', 'JUNIOR_SECONDARY')) = (grade IS NOT NULL)
    )
);
CREATE INDEX enrolments_person_idx ON enrolments (person_id, started_on);

-- A graduation (毕业): the GRADUATED end of an enrolment, with its graduation year.
CREATE TABLE graduations (
    id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    person_id        uuid NOT NULL,
    enrolment_id     uuid NOT NULL UNIQUE REFERENCES enrolments (id),
    graduated_on     date NOT NULL,
    graduation_year  integer NOT NULL,
    version          bigint NOT NULL DEFAULT 1,
    created_at       timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT graduations_year CHECK (graduation_year = extract(year FROM graduated_on))
);
CREATE INDEX graduations_person_idx ON graduations (person_id, graduated_on);

-- Student aid granted for an enrolment (学生资助), in integer fen.
CREATE TABLE student_aid (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    person_id     uuid NOT NULL,
    enrolment_id  uuid NOT NULL REFERENCES enrolments (id),
    kind          text NOT NULL CHECK (kind IN (
        'TUITION_WAIVER', 'NATIONAL_GRANT', 'RAIN_AND_DEW', 'GRADUATE_JOB_SEEKING', 'OTHER'
    )),
    amount_fen    bigint NOT NULL CHECK (amount_fen >= 0),
    granted_on    date NOT NULL,
    version       bigint NOT NULL DEFAULT 1,
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX student_aid_person_idx ON student_aid (person_id, granted_on);
CREATE INDEX student_aid_enrolment_idx ON student_aid (enrolment_id);

-- Projections of other departments' facts that no kit pack holds, written only by
-- education.projections' handlers with upsert_newer (highest version wins); the source_*
-- columns name the event each row came from. The kit's packs (settlement's persons, hukou,
-- permits and residence; poverty registrations; employment) come from the kit's migrations.

-- From settlement.v1.HouseholdMemberJoined / HouseholdMemberLeft: who lives in which
-- household, to link a child to its parents (随迁子女). `left_on` is the day the member left.
CREATE TABLE household_membership_facts (
    household_id        uuid NOT NULL,
    person_id           uuid NOT NULL,
    relation            text NOT NULL CHECK (relation IN ('HEAD', 'SPOUSE', 'CHILD', 'PARENT', 'OTHER')),
    head_person_id      uuid NOT NULL,
    joined_on           date NOT NULL,
    left_on             date,
    version             bigint NOT NULL,
    source_event_id     uuid NOT NULL,
    source_event_type   text NOT NULL,
    source_occurred_at  timestamptz NOT NULL,
    PRIMARY KEY (household_id, person_id)
);
CREATE INDEX household_membership_facts_person_idx ON household_membership_facts (person_id);

-- From social_security.v1.AssistanceGranted / AssistanceEnded, kind DIBAO only (minimum
-- necessary: clause 三 asks whether a graduate's household receives dibao, not how much).
-- `last_day` is the earlier of the planned and the actual last day; null while open-ended.
CREATE TABLE dibao_facts (
    assistance_id       uuid PRIMARY KEY,
    person_id           uuid NOT NULL,
    started_on          date NOT NULL,
    last_day            date,
    version             bigint NOT NULL,
    source_event_id     uuid NOT NULL,
    source_event_type   text NOT NULL,
    source_occurred_at  timestamptz NOT NULL
);
CREATE INDEX dibao_facts_person_idx ON dibao_facts (person_id);

-- From social_security.v1.DisabilityRecorded / DisabilityRevoked: only the dates (clause 三
-- asks whether a graduate is disabled; category and grade are not kept).
-- `revoked_on` is the first day the record no longer holds.
CREATE TABLE disability_facts (
    disability_id       uuid PRIMARY KEY,
    person_id           uuid NOT NULL,
    certified_on        date NOT NULL,
    revoked_on          date,
    version             bigint NOT NULL,
    source_event_id     uuid NOT NULL,
    source_event_type   text NOT NULL,
    source_occurred_at  timestamptz NOT NULL
);
CREATE INDEX disability_facts_person_idx ON disability_facts (person_id);
