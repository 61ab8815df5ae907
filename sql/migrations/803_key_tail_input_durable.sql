-- key_tail_input (migration 655), the cached tails' events, kept on disk (see 802): read by key
-- and run ((bucket, phone_number_id, wa_id, run) IN ..., derive/10_events), which the sort key
-- serves. Replaced empty (a Memory table is empty in the process that migrates).
-- derived data: unchanged (a cache of what derive/10_events reads; nothing derived is read from it)
CREATE OR REPLACE TABLE key_tail_input ENGINE = MergeTree
ORDER BY (bucket, phone_number_id, wa_id, run)
AS SELECT *, toUInt64(0) AS run FROM derive_input LIMIT 0
