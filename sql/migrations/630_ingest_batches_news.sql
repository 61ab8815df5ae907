-- What each batch's accepted records changed (pipeline/33_record_news): new, unchanged (a repeat
-- of what was stored: a log ingested again) and corrected message lines, so `wacost batches` tells
-- a second ingest of a log from new data. Null where unknown: batches recorded before this column,
-- a batch still running, and rebuild runs (they store no records).
-- derived data: unchanged (a count of the batch list, which nothing derived reads)
ALTER TABLE ingest_batches
  ADD COLUMN IF NOT EXISTS new_records Nullable(UInt64),
  ADD COLUMN IF NOT EXISTS unchanged_records Nullable(UInt64),
  ADD COLUMN IF NOT EXISTS corrected_records Nullable(UInt64)
