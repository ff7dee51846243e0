-- Housing's own records: public rental housing (公租房) applications with their outcome
-- (clause 十二), and tenant registrations in urban villages (clause 十三). Each row has a
-- `version` its events carry, increased on every change.
--
-- The other departments' shared facts (persons, hukou, residence, poverty, employment) are
-- projected by the kit's fact packs (housing.projections), whose tables come from the kit.

-- An application for a form of housing guarantee and its outcome. `outcome` is null while
-- pending; WAITLISTED may later be decided again (ALLOCATED, SUBSIDY_GRANTED, REFUSED).
-- `subsidy_fen` is the monthly rental subsidy of a SUBSIDY_GRANTED decision; `ended_on`
-- the last day of an allocated tenancy or a granted subsidy.
CREATE TABLE public_housing_applications (
    id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    person_id    uuid NOT NULL,
    city_code    text NOT NULL CHECK (city_code ~ '^\d{6}$'),
    form         text NOT NULL CHECK (form IN ('IN_KIND', 'RENTAL_SUBSIDY', 'TARGETED_INDUSTRY')),
    applied_on   date NOT NULL,
    outcome      text CHECK (outcome IN ('ALLOCATED', 'SUBSIDY_GRANTED', 'REFUSED', 'WAITLISTED')),
    decided_on   date,
    reason       text NOT NULL DEFAULT '' CHECK (length(reason) <= 200),
    subsidy_fen  bigint CHECK (subsidy_fen >= 0),
    ended_on     date,
    version      bigint NOT NULL DEFAULT 1,
    created_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT public_housing_decided CHECK ((outcome IS NULL) = (decided_on IS NULL)),
    CONSTRAINT public_housing_decided_after CHECK (decided_on IS NULL OR decided_on >= applied_on),
    CONSTRAINT public_housing_subsidy CHECK ((outcome = 'SUBSIDY_GRANTED') = (subsidy_fen IS NOT NULL)),
    CONSTRAINT public_housing_ended CHECK (
        ended_on IS NULL OR (outcome IN ('ALLOCATED', 'SUBSIDY_GRANTED') AND ended_on >= decided_on)
    )
);
CREATE INDEX public_housing_applications_person_idx ON public_housing_applications (person_id, applied_on);
-- The waiting list of a city (publicHousingQueue): undecided and waitlisted applications.
CREATE INDEX public_housing_applications_queue_idx ON public_housing_applications (city_code, applied_on)
    WHERE outcome IS NULL OR outcome = 'WAITLISTED';

-- A tenant an urban-village landlord reported (承租人信息采集). The landlord's name and the
-- address are personal data: responses show them masked, events never carry them.
CREATE TABLE tenancy_registrations (
    id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_person_id  uuid NOT NULL,
    landlord_name     text NOT NULL CHECK (length(landlord_name) BETWEEN 1 AND 50),
    address           text NOT NULL CHECK (length(address) BETWEEN 1 AND 200),
    county_code       text NOT NULL CHECK (county_code ~ '^\d{6}$'),
    started_on        date NOT NULL,
    registered_on     date NOT NULL DEFAULT ((now() AT TIME ZONE 'Asia/Shanghai')::date),
    version           bigint NOT NULL DEFAULT 1,
    created_at        timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT tenancy_registrations_once UNIQUE (tenant_person_id, county_code, address, started_on)
);
CREATE INDEX tenancy_registrations_person_idx ON tenancy_registrations (tenant_person_id, started_on);
