-- Events are no longer all about a person (docs/adr/0005-event-contract-packages.md): the
-- outbox records each event's subject as the envelope names it, a type ("person",
-- "region", "employer" ...: servicekit.contracts.registry.subject_type_name) and an id.
ALTER TABLE event_outbox ADD COLUMN subject_type text, ADD COLUMN subject_id text;
-- Every row written before this migration was about a person.
UPDATE event_outbox SET subject_type = 'person', subject_id = subject_person_id::text;
ALTER TABLE event_outbox
    ALTER COLUMN subject_type SET NOT NULL,
    ALTER COLUMN subject_id SET NOT NULL,
    ADD CONSTRAINT event_outbox_subject CHECK (subject_type <> '' AND subject_id <> '');
-- Person lookups keep working (`WHERE subject_person_id = $1`): the column is now derived
-- from the subject, so it cannot disagree with it, and is NULL for any other subject.
-- A person's id is a UUID (Person.id issued by settlement), as the old column required.
ALTER TABLE event_outbox DROP COLUMN subject_person_id;
ALTER TABLE event_outbox ADD COLUMN subject_person_id uuid GENERATED ALWAYS AS (
    CASE WHEN subject_type = 'person' THEN subject_id::uuid END
) STORED;
-- Every event about one subject (a person's, under PIPL, included), without a scan.
CREATE INDEX event_outbox_subject_idx ON event_outbox (subject_type, subject_id);
