-- Every accepted message line, stored by conversation key so that re-deriving a key reads a
-- contiguous range. `version` = (batch, line, record): a later line for the same message_id
-- and key replaces an earlier one; when a correction moves the message to another key, a
-- tombstone (052_messages_deleted) replaces it in the old key. `country` is the line's
-- override, else the region of wa_id resolved at ingest. `bucket` groups keys for chunked rebuilds.
CREATE TABLE IF NOT EXISTS messages (
  bucket UInt8,
  phone_number_id String,
  wa_id String,
  message_id String,
  version UInt64,
  waba_id String,
  ts DateTime64(3, 'UTC'),
  direction LowCardinality(String),
  template_category LowCardinality(String),
  template_name String,
  msg_type LowCardinality(String),
  entry_point LowCardinality(String),
  ad_id String,
  status LowCardinality(String),
  status_ts DateTime64(3, 'UTC'),
  country LowCardinality(String)
) ENGINE = ReplacingMergeTree(version)
ORDER BY (bucket, phone_number_id, wa_id, message_id)
SETTINGS index_granularity = 1024
