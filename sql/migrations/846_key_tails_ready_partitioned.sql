-- key_tails_ready (migration 802), partitioned by runs, 4 to a partition (run ids are batch ids,
-- increasing), as are the cache's other tables (847-849): the cache is pruned by dropping its
-- oldest partitions whole (derive/tails_partitions, ALTER TABLE ... DROP PARTITION: metadata
-- only), this table first. Pruned before by a mutation per table that read key_reach (bench:live
-- at 12.8M: 4 mutations of 2-12 s before every micro-batch once the cache neared its bound, then
-- the cache emptied). Replaced empty (a fresh cache is correct: its keys are derived whole once).
-- derived data: unchanged (a cache's mark; nothing derived is read from it)
CREATE OR REPLACE TABLE key_tails_ready (
  bucket UInt8,
  phone_number_id String,
  wa_id String,
  run UInt64
) ENGINE = MergeTree
PARTITION BY intDiv(run, 4)
ORDER BY (bucket, phone_number_id, wa_id, run)
