-- Authentication-international (pricing-models.md §5): per WABA, the customer countries where an
-- AUTHENTICATION template delivered at or after `start` is priced as AUTHENTICATION_INTERNATIONAL.
CREATE TABLE IF NOT EXISTS auth_international (
  waba_id String,
  country LowCardinality(String),
  start DateTime64(3, 'UTC')
) ENGINE = MergeTree ORDER BY (waba_id, country)
