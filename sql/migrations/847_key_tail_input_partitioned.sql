-- key_tail_input (migration 803), partitioned by runs as key_tails_ready is (846), so the cache's
-- oldest runs are dropped whole. Replaced empty after key_tails_ready (a stop in between leaves
-- rows without a mark, never a mark without rows).
-- derived data: unchanged (a cache of what derive/10_events reads; nothing derived is read from it)
CREATE OR REPLACE TABLE key_tail_input ENGINE = MergeTree
PARTITION BY intDiv(run, 4)
ORDER BY (bucket, phone_number_id, wa_id, run)
AS SELECT *, toUInt64(0) AS run FROM derive_input LIMIT 0
