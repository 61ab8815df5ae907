-- Each tiered charge's rank n in its count and the band it pays (pricing-models.md §4): the
-- rate-card row with the greatest tier_from <= n in force on its local date; tier as Meta writes
-- it (`LOWER:UPPER`, `LOWER:MAX`); base_price, the first band's price the ledger row carries.
-- Charges with no rate-card row in force have none (they are unpriced). Rows cancel by sign.
CREATE TABLE IF NOT EXISTS volume_tiers (
  waba_id String,
  market LowCardinality(String),
  category LowCardinality(String),
  month Date,
  opened_at DateTime64(3, 'UTC'),
  opening_message_id String,
  conversation_id String,
  phone_number_id String,
  local_date Date,
  n UInt64,
  tier String,
  base_price Decimal(18, 6),
  price Decimal(18, 6),
  currency LowCardinality(String),
  sign Int8
) ENGINE = CollapsingMergeTree(sign)
ORDER BY (waba_id, market, category, month, opened_at, opening_message_id, conversation_id, phone_number_id, local_date, n, tier, base_price, price, currency)
