-- persons(withoutHukou: true) pages through the persons with no hukou by id.
CREATE INDEX persons_without_hukou ON persons (id) WHERE hukou_type IS NULL;
