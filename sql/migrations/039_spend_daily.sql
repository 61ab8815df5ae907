-- Rollup for the dashboard: conversations and spend per local day, WABA, phone number, market,
-- category and pricing type. Fed with signed amounts, so retractions keep it exact; read it with
-- sum() and ignore groups whose conversations sum to 0.
CREATE TABLE IF NOT EXISTS spend_daily (
  waba_id String,
  local_date Date,
  phone_number_id String,
  market LowCardinality(String),
  category LowCardinality(String),
  pricing_type LowCardinality(String),
  currency LowCardinality(String),
  conversations Int64,
  cost Decimal(38, 6)
) ENGINE = SummingMergeTree((conversations, cost))
ORDER BY (waba_id, local_date, phone_number_id, market, category, pricing_type, currency)
