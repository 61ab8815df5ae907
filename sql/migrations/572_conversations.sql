-- The conversation ledger: one live row per conversation or per-message charge (rows cancel by
-- sign). Sorted by every column, so that only a row's own -1 cancels it (571); the primary
-- index is the old sort key, which is what readers filter by.
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
PRIMARY KEY (bucket, phone_number_id, wa_id, conversation_id, opened_at, closed_at, category, close_reason)
ORDER BY (bucket, phone_number_id, wa_id, conversation_id, opened_at, closed_at, category, close_reason,
          waba_id, country, market, opening_message_id, base_pricing, price, currency, local_date, ad_id)
SETTINGS index_granularity = 1024
