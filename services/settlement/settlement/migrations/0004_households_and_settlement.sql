-- Households (户) linking a head with spouse, children and parents (clauses 五, 六 need
-- parent–child links), and applications to settle (落户) with their decisions (十四, 十六).
CREATE TABLE households (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    head_person_id  uuid NOT NULL REFERENCES persons (id),
    region_code     text NOT NULL CHECK (region_code ~ '^[0-9]{6}$'),
    created_on      date NOT NULL,
    version         bigint NOT NULL DEFAULT 1,
    created_at      timestamptz NOT NULL DEFAULT now()
);

-- One row per membership; a membership ends with left_on and a higher version. A person
-- belongs to at most one household at a time.
CREATE TABLE household_members (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    household_id  uuid NOT NULL REFERENCES households (id),
    person_id     uuid NOT NULL REFERENCES persons (id),
    relation      text NOT NULL CHECK (relation IN ('HEAD', 'SPOUSE', 'CHILD', 'PARENT', 'OTHER')),
    joined_on     date NOT NULL,
    left_on       date,
    version       bigint NOT NULL DEFAULT 1,
    created_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT household_members_dates CHECK (left_on IS NULL OR left_on >= joined_on)
);
CREATE UNIQUE INDEX household_members_one_current ON household_members (person_id) WHERE left_on IS NULL;
CREATE INDEX household_members_household_idx ON household_members (household_id, joined_on);
CREATE INDEX household_members_person_idx ON household_members (person_id, joined_on);

-- An application to settle in a region, and its decision. The rural rights the applicant
-- holds are recorded with it and kept unchanged on approval (十六): no column can make
-- giving up the homestead a condition of settling.
CREATE TABLE settlement_applications (
    id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    person_id          uuid NOT NULL REFERENCES persons (id),
    region_code        text NOT NULL CHECK (region_code ~ '^[0-9]{6}$'),
    applied_on         date NOT NULL,
    land_contract      boolean NOT NULL,
    homestead          boolean NOT NULL,
    collective_income  boolean NOT NULL,
    outcome            text CHECK (outcome IN ('APPROVED', 'REFUSED')),
    decided_on         date,
    reason             text,
    version            bigint NOT NULL DEFAULT 1,
    created_at         timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT settlement_applications_decided CHECK ((outcome IS NULL) = (decided_on IS NULL)),
    CONSTRAINT settlement_applications_refusal CHECK (outcome IS DISTINCT FROM 'REFUSED' OR reason IS NOT NULL),
    CONSTRAINT settlement_applications_dates CHECK (decided_on IS NULL OR decided_on >= applied_on)
);
-- One open application per person.
CREATE UNIQUE INDEX settlement_applications_one_open ON settlement_applications (person_id)
    WHERE outcome IS NULL;
CREATE INDEX settlement_applications_person_idx ON settlement_applications (person_id, applied_on);
