-- 就业 Employment's own records (clauses 三, 四): employment records (城镇就业), job-seeker
-- registrations (求职登记) and training enrolments (职业技能培训, 学历提升) with the subsidy
-- granted. Never edit a migration once it has been applied (the runner refuses): add one.
CREATE TABLE employments (
    id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    person_id    uuid NOT NULL,
    employer     text NOT NULL CHECK (length(employer) BETWEEN 1 AND 100),
    industry     text NOT NULL CHECK (industry IN ('SANITATION', 'PUBLIC_TRANSPORT', 'METRO',
                     'AUXILIARY_POLICE', 'CONSTRUCTION', 'MANUFACTURING', 'SERVICES', 'OTHER')),
    city_code    text NOT NULL CHECK (city_code ~ '^[0-9]{6}$'),
    started_on   date NOT NULL,
    ended_on     date CHECK (ended_on >= started_on),  -- the last day worked
    version      bigint NOT NULL DEFAULT 1,
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX employments_person_idx ON employments (person_id, started_on);

CREATE TABLE job_seeker_registrations (
    id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    person_id      uuid NOT NULL,
    city_code      text NOT NULL CHECK (city_code ~ '^[0-9]{6}$'),
    registered_on  date NOT NULL,
    closed_on      date CHECK (closed_on >= registered_on),  -- the last day it was open
    version        bigint NOT NULL DEFAULT 1,
    created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX job_seeker_registrations_person_idx ON job_seeker_registrations (person_id, registered_on);

CREATE TABLE trainings (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    person_id     uuid NOT NULL,
    kind          text NOT NULL CHECK (kind IN ('VOCATIONAL', 'DEGREE_UPGRADE')),
    course        text NOT NULL CHECK (length(course) BETWEEN 1 AND 100),
    city_code     text NOT NULL CHECK (city_code ~ '^[0-9]{6}$'),
    started_on    date NOT NULL,
    completed_on  date CHECK (completed_on >= started_on),  -- the last day of the course
    subsidy_fen   bigint NOT NULL DEFAULT 0 CHECK (subsidy_fen >= 0),
    version       bigint NOT NULL DEFAULT 1,
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX trainings_person_idx ON trainings (person_id, started_on);

-- The other departments' shared facts (persons, hukou, residence, poverty) are projected
-- by the kit's fact packs (employment.projections), whose tables come from the kit.
