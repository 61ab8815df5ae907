-- Rollup: free-tier conversations used per WABA and local month.
CREATE TABLE IF NOT EXISTS free_tier_monthly (
  waba_id String,
  month Date,
  used Int64
) ENGINE = SummingMergeTree(used) ORDER BY (waba_id, month)
