-- Settlement owns Person identity, hukou, residence permits and residence history.
CREATE TABLE persons (
    id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name               text NOT NULL,
    id_number          text NOT NULL,
    birth_date         date NOT NULL,
    sex                text NOT NULL CHECK (sex IN ('MALE', 'FEMALE')),
    -- current hukou, denormalised from hukou_records for lookups by region
    hukou_type         text CHECK (hukou_type IN ('RURAL', 'URBAN')),
    hukou_region_code  text CHECK (hukou_region_code ~ '^[0-9]{6}$'),
    hukou_recorded_on  date,
    created_at         timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT persons_id_number_key UNIQUE (id_number),
    CONSTRAINT persons_hukou_complete CHECK (
        (hukou_type IS NULL) = (hukou_region_code IS NULL)
        AND (hukou_type IS NULL) = (hukou_recorded_on IS NULL)
    )
);
-- persons(regionCode:) selects by prefix (3501 = all of Fuzhou) and pages by id.
CREATE INDEX persons_hukou_region_idx ON persons (hukou_region_code text_pattern_ops, id);

CREATE TABLE hukou_records (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    person_id    uuid NOT NULL REFERENCES persons (id),
    hukou_type   text NOT NULL CHECK (hukou_type IN ('RURAL', 'URBAN')),
    region_code  text NOT NULL CHECK (region_code ~ '^[0-9]{6}$'),
    recorded_on  date NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX hukou_records_person_idx ON hukou_records (person_id, recorded_on, id);

CREATE TABLE residence_permits (
    id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    person_id          uuid NOT NULL REFERENCES persons (id),
    city_code          text NOT NULL CHECK (city_code ~ '^[0-9]{6}$'),
    issued_on          date NOT NULL,
    valid_until        date NOT NULL,
    revoked_on         date,
    revocation_reason  text,
    created_at         timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT residence_permits_dates CHECK (valid_until > issued_on),
    CONSTRAINT residence_permits_revocation CHECK (
        revoked_on IS NULL OR (revoked_on >= issued_on AND revocation_reason IS NOT NULL)
    )
);
CREATE INDEX residence_permits_person_idx ON residence_permits (person_id, issued_on);

CREATE TABLE residence_periods (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    person_id   uuid NOT NULL REFERENCES persons (id),
    city_code   text NOT NULL CHECK (city_code ~ '^[0-9]{6}$'),
    started_on  date NOT NULL,
    ended_on    date,
    created_at  timestamptz NOT NULL DEFAULT now(),
    -- Overlaps are refused by the service under the person's row lock: an exclusion
    -- constraint would need btree_gist, which the embedded PostgreSQL does not ship.
    CONSTRAINT residence_periods_dates CHECK (ended_on IS NULL OR ended_on >= started_on)
);
CREATE INDEX residence_periods_person_idx ON residence_periods (person_id, started_on);
