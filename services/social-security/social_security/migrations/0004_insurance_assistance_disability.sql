-- Social security's own records for clauses 九–十一 besides poverty registration: social
-- insurance enrolments (pension, unemployment, work injury), recognised work injuries,
-- social assistance (dibao, temporary assistance, special hardship) and disability status.
-- Each row has a `version` its events carry (increased on every change), as in 0002.

-- An enrolment in one insurance scheme. EMPLOYEE_PENSION and UNEMPLOYMENT name the
-- employer; WORK_INJURY may be per construction project (按项目参加工伤保险).
-- `worker_contributes`: whether the worker pays the unemployment premium (clause 十);
-- `premium_paid_by_government`: the resident pension premium paid by government (代缴, 九).
CREATE TABLE insurance_enrolments (
    id                          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    person_id                   uuid NOT NULL,
    scheme                      text NOT NULL CHECK (
        scheme IN ('RESIDENT_PENSION', 'EMPLOYEE_PENSION', 'UNEMPLOYMENT', 'WORK_INJURY')
    ),
    started_on                  date NOT NULL,
    ended_on                    date,
    end_reason                  text CHECK (end_reason IN ('JOB_LOST', 'LEFT', 'OTHER')),
    employer                    text,
    project                     text,
    worker_contributes          boolean NOT NULL DEFAULT false,
    premium_paid_by_government  boolean NOT NULL DEFAULT false,
    version                     bigint NOT NULL DEFAULT 1,
    created_at                  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT insurance_enrolments_dates CHECK (ended_on IS NULL OR ended_on >= started_on),
    CONSTRAINT insurance_enrolments_end_reason CHECK ((ended_on IS NULL) = (end_reason IS NULL)),
    CONSTRAINT insurance_enrolments_employer CHECK (
        scheme NOT IN ('EMPLOYEE_PENSION', 'UNEMPLOYMENT') OR employer IS NOT NULL
    )
);
CREATE INDEX insurance_enrolments_person_idx ON insurance_enrolments (person_id, started_on);

-- A work injury recognised by law (依法认定为工伤), under a work-injury enrolment.
CREATE TABLE work_injuries (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    person_id       uuid NOT NULL,
    enrolment_id    uuid NOT NULL REFERENCES insurance_enrolments (id),
    recognized_on   date NOT NULL,
    version         bigint NOT NULL DEFAULT 1,
    created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX work_injuries_person_idx ON work_injuries (person_id, recognized_on);

-- Social assistance granted: dibao (最低生活保障), temporary assistance (临时救助) and
-- special hardship support (特困供养). `ends_on` is the planned last day (null for
-- open-ended dibao); `ended_on` the day it was ended early.
CREATE TABLE assistance_grants (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    person_id   uuid NOT NULL,
    kind        text NOT NULL CHECK (kind IN ('DIBAO', 'TEMPORARY', 'SPECIAL_HARDSHIP')),
    started_on  date NOT NULL,
    ends_on     date,
    ended_on    date,
    amount_fen  bigint NOT NULL CHECK (amount_fen >= 0),
    period      text NOT NULL CHECK (period IN ('MONTHLY', 'ONE_TIME')),
    version     bigint NOT NULL DEFAULT 1,
    created_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT assistance_grants_ends CHECK (ends_on IS NULL OR ends_on >= started_on),
    CONSTRAINT assistance_grants_ended CHECK (ended_on IS NULL OR ended_on >= started_on)
);
CREATE INDEX assistance_grants_person_idx ON assistance_grants (person_id, started_on);

-- A certified disability (残疾人证): category and grade 1 (most severe) to 4.
CREATE TABLE disability_statuses (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    person_id     uuid NOT NULL,
    category      text NOT NULL CHECK (
        category IN ('VISUAL', 'HEARING', 'SPEECH', 'PHYSICAL', 'INTELLECTUAL', 'MENTAL', 'MULTIPLE')
    ),
    grade         smallint NOT NULL CHECK (grade BETWEEN 1 AND 4),
    certified_on  date NOT NULL,
    revoked_on    date,
    version       bigint NOT NULL DEFAULT 1,
    created_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT disability_statuses_dates CHECK (revoked_on IS NULL OR revoked_on >= certified_on)
);
CREATE INDEX disability_statuses_person_idx ON disability_statuses (person_id, certified_on);
CREATE UNIQUE INDEX disability_statuses_one_open ON disability_statuses (person_id) WHERE revoked_on IS NULL;
