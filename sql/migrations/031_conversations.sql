-- The conversation ledger: one live row per conversation (rows cancel by sign). base_pricing is
-- REGULAR or FREE_ENTRY_POINT; whether a SERVICE conversation is FREE_TIER lives in free_tier.
CREATE TABLE IF NOT EXISTS conversations (
  bucket UInt8,
  phone_number_id String,
  wa_id String,
  conversation_id String,
  waba_id String,
  country LowCardinality(String),
  market LowCardinality(String),
  category LowCardinality(String),
  opened_at DateTime64(3, 'UTC'),
  closed_at DateTime64(3, 'UTC'),
  close_reason LowCardinality(String),
  opening_message_id String,
  base_pricing LowCardinality(String),
  price Decimal(18, 6),
  currency LowCardinality(String),
  local_date Date,
  ad_id String,
  sign Int8
) ENGINE = CollapsingMergeTree(sign)
ORDER BY (bucket, phone_number_id, wa_id, conversation_id, opened_at, closed_at, category, close_reason)
SETTINGS index_granularity = 1024
