-- The per-message charges that take a volume-tier rank (pricing-models.md §4): REGULAR UTILITY,
-- AUTHENTICATION and AUTHENTICATION_INTERNATIONAL messages, kept in the order they are ranked in
-- (WABA, market, category, local month, then delivery and message id). Rows cancel by sign.
CREATE TABLE IF NOT EXISTS tiered_charges (
  waba_id String,
  market LowCardinality(String),
  category LowCardinality(String),
  month Date,
  opened_at DateTime64(3, 'UTC'),
  opening_message_id String,
  conversation_id String,
  phone_number_id String,
  price Decimal(18, 6),
  currency LowCardinality(String),
  local_date Date,
  sign Int8
) ENGINE = CollapsingMergeTree(sign)
ORDER BY (waba_id, market, category, month, opened_at, opening_message_id, conversation_id, phone_number_id, price, currency, local_date)
