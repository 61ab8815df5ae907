-- The volume-tier counts (WABA, market, category, local month) a derive run changed, with each
-- changed charge's place in the count's order (opened_at, opening_message_id): ranks before the
-- earliest change stand; derive/50_volume_tiers.sql ranks the rest again (cleared by
-- derive/55_clear_tier_dirty.sql).
CREATE TABLE IF NOT EXISTS tier_dirty (
  run_id UInt64,
  waba_id String,
  market LowCardinality(String),
  category LowCardinality(String),
  month Date,
  opened_at DateTime64(3, 'UTC'),
  opening_message_id String
) ENGINE = MergeTree ORDER BY (run_id, waba_id, market, category, month)
