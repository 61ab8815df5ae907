-- The id of the next ingest batch (or rebuild run): one more than any seen.
SELECT toUInt64(ifNull(max(batch_id), 0) + 1) AS id FROM ingest_batches
