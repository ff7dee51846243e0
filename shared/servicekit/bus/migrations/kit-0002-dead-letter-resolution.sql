-- A dead letter is resolved when a later redrive or replay applied its entry (after the
-- consumer was fixed or upgraded). Resolved ones stay as history; operators see the rest.
ALTER TABLE dead_letters ADD COLUMN resolved_at timestamptz;
CREATE INDEX dead_letters_unresolved_idx ON dead_letters (id) WHERE resolved_at IS NULL;
