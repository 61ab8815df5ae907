-- key_tails_ready (migration 676), which run's cached tail of a key is whole, kept on disk like
-- the cache it vouches for (803-805): a new process (each one-shot `wacost ingest`, a server
-- restart) found the Memory cache empty and derived whole every key whose windows were open
-- (10k batches at ~11M stored: 6.6-7.1 s in a new process, ~2.2 s in one). A row is written only
-- after the statements that write the key's rows and its tail have ended (derive/37_tails_ready),
-- so a run stopped before names none; the cache is pruned and emptied from this table first
-- (core/derive.ts), so a row never names a tail that is gone. Replaced empty (a Memory table is
-- empty in the process that migrates).
-- derived data: unchanged (a cache's mark; nothing derived is read from it)
CREATE OR REPLACE TABLE key_tails_ready (
  bucket UInt8,
  phone_number_id String,
  wa_id String,
  run UInt64
) ENGINE = MergeTree
ORDER BY (bucket, phone_number_id, wa_id, run)
