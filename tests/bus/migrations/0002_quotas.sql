-- A projection of an event that is not about a person (testing.v1.RegionQuotaSet), with
-- the source columns upsert_newer keeps.
CREATE TABLE seen_quotas (
    region_code         text PRIMARY KEY,
    places              bigint NOT NULL,
    effective_on        date NOT NULL,
    version             bigint NOT NULL,
    source_event_id     uuid NOT NULL,
    source_event_type   text NOT NULL,
    source_occurred_at  timestamptz NOT NULL
);
