-- What each group of a batch did to the keys it queued (pipeline/51_derive_appends): appended = 1
-- when the group only brought message lines of ids never seen before (no status for a stored
-- message, no correction, no message moved away), with since_ms the earliest instant (ms, UTC)
-- any of them is sent or delivered at. A key is continued (derive/05_keys) only when every group
-- of the batch appended to it (min). A plain MergeTree: every group's row is kept, so a row
-- saying "not appended" can never be merged away. Emptied with the queue (derive/forget_*).
CREATE TABLE IF NOT EXISTS derive_appends (
  batch_id UInt64,
  bucket UInt8,
  phone_number_id String,
  wa_id String,
  appended UInt8,
  since_ms Int64
) ENGINE = MergeTree
ORDER BY (batch_id, bucket, phone_number_id, wa_id)
