-- The access log (servicekit.audit): every read of a person's data and every write, one row
-- per person and request, hash-chained so that a changed, removed or reordered row shows in
-- `python -m servicekit.audit verify <package>`. Append-only: the triggers refuse UPDATE, DELETE and
-- TRUNCATE (an owner who disables them still breaks the chain).
CREATE TABLE access_log (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at          timestamptz NOT NULL,
    actor       text NOT NULL,
    scopes      text NOT NULL,
    purpose     text,
    person_id   text NOT NULL,
    operation   text NOT NULL CHECK (operation IN ('READ', 'WRITE')),
    fields      text[] NOT NULL,
    trace_id    text,
    prev_hash   text NOT NULL,
    hash        text NOT NULL UNIQUE
);
CREATE INDEX access_log_person_idx ON access_log (person_id, id);

CREATE FUNCTION access_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'access_log is append-only';
END;
$$;
CREATE TRIGGER access_log_no_update BEFORE UPDATE OR DELETE ON access_log
    FOR EACH ROW EXECUTE FUNCTION access_log_append_only();
CREATE TRIGGER access_log_no_truncate BEFORE TRUNCATE ON access_log
    FOR EACH STATEMENT EXECUTE FUNCTION access_log_append_only();
