-- Rollup: the sum of tiered_charges' signs per volume-tier count (WABA, market, category, local
-- month) and UTC hour of the charge's delivery: how many live charges each hour holds.
-- derive/50_volume_tiers counts the live charges before the hour of its earliest change here
-- instead of in tiered_charges, where that count read every charge of the marked counts' month
-- so far (~0.9–1.1 s of CPU for a 10k-message batch at the end of a month with 10M stored; the
-- benchmark's batches open a new month and did not show it). Fed by mv_tier_hours (860), filled
-- from the charges stored before it by 861, emptied with the derived tables by a rebuild.
-- derived data: unchanged (a rollup of tiered_charges, filled whole by 861)
CREATE TABLE IF NOT EXISTS tier_hours (
  waba_id String,
  market LowCardinality(String),
  category LowCardinality(String),
  month Date,
  hour DateTime('UTC'),
  n Int64
) ENGINE = SummingMergeTree(n)
ORDER BY (waba_id, market, category, month, hour)
