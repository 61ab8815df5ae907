-- Conversation keys whose derivation a batch may have changed (new lines, corrections that
-- moved a message away, late statuses); derive/ re-derives exactly these.
CREATE TABLE IF NOT EXISTS derive_queue (
  batch_id UInt64,
  bucket UInt8,
  phone_number_id String,
  wa_id String
) ENGINE = ReplacingMergeTree ORDER BY (batch_id, bucket, phone_number_id, wa_id)
