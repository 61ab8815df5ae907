-- The SERVICE conversations priced FREE_TIER: the first N of each WABA-month by (opened_at,
-- conversation_id). Rows cancel by sign; at most N live rows per WABA-month.
CREATE TABLE IF NOT EXISTS free_tier (
  waba_id String,
  month Date,
  conversation_id String,
  opened_at DateTime64(3, 'UTC'),
  phone_number_id String,
  market LowCardinality(String),
  price Decimal(18, 6),
  currency LowCardinality(String),
  local_date Date,
  sign Int8
) ENGINE = CollapsingMergeTree(sign)
ORDER BY (waba_id, month, conversation_id, opened_at, phone_number_id, market, price, currency, local_date)
