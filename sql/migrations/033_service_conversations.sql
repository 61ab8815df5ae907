-- SERVICE conversations by WABA and local month in opening order: where the free tier (the
-- first N of each month) is ranked from.
CREATE TABLE IF NOT EXISTS service_conversations (
  waba_id String,
  month Date,
  opened_at DateTime64(3, 'UTC'),
  conversation_id String,
  phone_number_id String,
  market LowCardinality(String),
  price Decimal(18, 6),
  currency LowCardinality(String),
  local_date Date,
  sign Int8
) ENGINE = CollapsingMergeTree(sign)
ORDER BY (waba_id, month, opened_at, conversation_id, phone_number_id, market, price, currency, local_date)
