-- Social security owns poverty registration (建档立卡): who is registered, since when,
-- and when they were lifted out of poverty. A person may be registered again later
-- (返贫), so this is a history with at most one open registration per person.
CREATE TABLE poverty_registrations (
    id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    person_id         uuid NOT NULL,
    household_number  text NOT NULL CHECK (household_number ~ '^[0-9A-Za-z-]{4,32}$'),
    registered_on     date NOT NULL,
    lifted_on         date,
    created_at        timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT poverty_registrations_dates CHECK (lifted_on IS NULL OR lifted_on >= registered_on)
);
CREATE INDEX poverty_registrations_person_idx
    ON poverty_registrations (person_id, registered_on);
CREATE UNIQUE INDEX poverty_registrations_one_open
    ON poverty_registrations (person_id) WHERE lifted_on IS NULL;
CREATE INDEX poverty_registrations_household_idx
    ON poverty_registrations (household_number, registered_on);
