-- WABA-months whose service conversations a derive run changed, with the earliest changed
-- rank position: derive/40_free_tier.sql re-ranks only the months this can matter for.
CREATE TABLE IF NOT EXISTS free_tier_dirty (
  run_id UInt64,
  waba_id String,
  month Date,
  opened_at DateTime64(3, 'UTC'),
  conversation_id String
) ENGINE = MergeTree ORDER BY (run_id, waba_id, month)
