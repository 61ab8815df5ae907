-- The volume-tier counts (WABA, market, category, local month) a derive run changed, to be
-- ranked again by derive/50_volume_tiers.sql (cleared by derive/55_clear_tier_dirty.sql).
CREATE TABLE IF NOT EXISTS tier_dirty (
  run_id UInt64,
  waba_id String,
  market LowCardinality(String),
  category LowCardinality(String),
  month Date
) ENGINE = MergeTree ORDER BY (run_id, waba_id, market, category, month)
