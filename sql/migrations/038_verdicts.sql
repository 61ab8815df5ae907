-- One live row per ingested message (rows cancel by sign): its verdict and the conversation it
-- is attributed to ('' for none), with the instant the verdict was judged at.
CREATE TABLE IF NOT EXISTS verdicts (
  bucket UInt8,
  phone_number_id String,
  wa_id String,
  message_id String,
  waba_id String,
  direction LowCardinality(String),
  template_category LowCardinality(String),
  verdict LowCardinality(String),
  conversation_id String,
  event_at DateTime64(3, 'UTC'),
  local_date Date,
  sign Int8
) ENGINE = CollapsingMergeTree(sign)
ORDER BY (bucket, phone_number_id, wa_id, message_id, verdict, conversation_id, event_at)
SETTINGS index_granularity = 1024
