-- Batches that never finished (the process stopped: a crash, kill -9, power loss), each listed
-- once when the next run found it and re-did its pending derive. A batch with no finish time
-- and no row here has not been found yet; with a row here, it was interrupted and reported.
CREATE TABLE IF NOT EXISTS interrupted_batches (
  batch_id UInt64,
  found_at DateTime64(3, 'UTC')
) ENGINE = ReplacingMergeTree ORDER BY batch_id
