-- Health's own records for clauses 七 and 八 (闽发改社会〔2019〕334号): basic medical
-- insurance enrolments with the individual premium and the part the government paid,
-- family-doctor contracts (with chronic-disease management), hospital admissions
-- (treat-first-pay-later at designated county hospitals) and one-stop settlements.
-- Money is integer fen; each row has a `version` its events carry.
--
-- The other departments' shared facts (persons, hukou, residence, poverty, employment)
-- are projected by the kit's fact packs (health.projections), whose tables come from the kit.

-- Urban and rural residents' basic medical insurance (城乡居民基本医疗保险) for one year.
-- `covers`: CRITICAL_ILLNESS (大病保险), MEDICAL_ASSISTANCE (医疗救助), PRECISION_POVERTY
-- (精准扶贫医疗叠加保险), besides the basic insurance itself.
CREATE TABLE medical_enrolments (
    id                      uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    person_id               uuid NOT NULL,
    year                    integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    city_code               text NOT NULL CHECK (city_code ~ '^[0-9]{6}$'),
    premium_fen             bigint NOT NULL CHECK (premium_fen >= 0),
    paid_by_government_fen  bigint NOT NULL CHECK (paid_by_government_fen >= 0),
    enrolled_on             date NOT NULL,
    covers                  text[] NOT NULL DEFAULT '{}' CHECK (
        covers <@ ARRAY['CRITICAL_ILLNESS', 'MEDICAL_ASSISTANCE', 'PRECISION_POVERTY']
    ),
    version                 bigint NOT NULL DEFAULT 1,
    created_at              timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT medical_enrolments_paid CHECK (paid_by_government_fen <= premium_fen)
);
CREATE UNIQUE INDEX medical_enrolments_person_year ON medical_enrolments (person_id, year);

-- A family-doctor contract (家庭医生签约): the personal part of its fee and the part
-- subsidised; `ends_on` is the planned last day (null: open-ended); the chronic diseases
-- it manages (慢病签约管理).
CREATE TABLE family_doctor_contracts (
    id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    person_id         uuid NOT NULL,
    clinic            text NOT NULL CHECK (length(clinic) BETWEEN 1 AND 100),
    signed_on         date NOT NULL,
    ends_on           date,
    fee_fen           bigint NOT NULL CHECK (fee_fen >= 0),
    subsidy_fen       bigint NOT NULL CHECK (subsidy_fen >= 0),
    chronic_diseases  text[] NOT NULL DEFAULT '{}' CHECK (
        chronic_diseases <@ ARRAY[
            'HYPERTENSION', 'DIABETES', 'TUBERCULOSIS', 'SEVERE_MENTAL_DISORDER', 'OTHER'
        ]
    ),
    version           bigint NOT NULL DEFAULT 1,
    created_at        timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT family_doctor_contracts_subsidy CHECK (subsidy_fen <= fee_fen),
    CONSTRAINT family_doctor_contracts_dates CHECK (ends_on IS NULL OR ends_on >= signed_on)
);
CREATE INDEX family_doctor_contracts_person_idx ON family_doctor_contracts (person_id, signed_on);

-- An inpatient admission, at a designated hospital (定点医院) or not, under
-- treat-first-pay-later (先诊疗后付费) or not (only designated hospitals offer it).
CREATE TABLE admissions (
    id                     uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    person_id              uuid NOT NULL,
    hospital               text NOT NULL CHECK (length(hospital) BETWEEN 1 AND 100),
    county_code            text NOT NULL CHECK (county_code ~ '^[0-9]{6}$'),
    designated             boolean NOT NULL,
    admitted_on            date NOT NULL,
    treat_first_pay_later  boolean NOT NULL,
    version                bigint NOT NULL DEFAULT 1,
    created_at             timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT admissions_designated CHECK (designated OR NOT treat_first_pay_later)
);
CREATE INDEX admissions_person_idx ON admissions (person_id, admitted_on);
CREATE UNIQUE INDEX admissions_once ON admissions (person_id, hospital, admitted_on);

-- One-stop settlement (一站式结算) of an admission's bill: one per admission.
CREATE TABLE hospital_settlements (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    admission_id    uuid NOT NULL UNIQUE REFERENCES admissions (id),
    person_id       uuid NOT NULL,
    settled_on      date NOT NULL,
    total_fen       bigint NOT NULL CHECK (total_fen >= 0),
    reimbursed_fen  bigint NOT NULL CHECK (reimbursed_fen >= 0),
    version         bigint NOT NULL DEFAULT 1,
    created_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT hospital_settlements_reimbursed CHECK (reimbursed_fen <= total_fen)
);
CREATE INDEX hospital_settlements_person_idx ON hospital_settlements (person_id, settled_on);
