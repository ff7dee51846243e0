-- Idempotency keys (servicekit.idempotency, ADR 0006): one row per (caller, key, top-level
-- mutation field), written in the transaction of the mutation it stands for.
CREATE TABLE idempotency_keys (
    subject      text NOT NULL,  -- x-caller-subject; '' for an anonymous caller
    key          text NOT NULL CHECK (length(key) BETWEEN 1 AND 200),
    path         text NOT NULL,  -- the field's response key (alias or name)
    field        text NOT NULL,  -- the mutation field's name
    fingerprint  text NOT NULL,  -- SHA-256 of the field and its arguments
    -- The id of the row the mutation returned. NULL only inside the claiming transaction,
    -- between the claim and the write: no committed row has it NULL.
    result_id    uuid,
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (subject, key, path)
);
-- The expiry sweep deletes by age.
CREATE INDEX idempotency_keys_created_at ON idempotency_keys (created_at);
