-- Every conversation key that has been derived at least once. A key not listed has no live
-- conversations or verdicts, so a slice whose keys are all new (a bulk load) writes its rows
-- without comparing them with live ones. A key is listed before its rows are written, so a
-- derive interrupted in between compares on the next try instead of writing twice.
CREATE TABLE IF NOT EXISTS conversation_keys (
  bucket UInt8,
  phone_number_id String,
  wa_id String
) ENGINE = ReplacingMergeTree
ORDER BY (bucket, phone_number_id, wa_id)
