-- Price per conversation by market and category, each row effective from a date in the WABA's
-- time zone until the next row of the same market and category. Exact decimals.
CREATE TABLE IF NOT EXISTS rate_card (
  market LowCardinality(String),
  category LowCardinality(String),
  price Decimal(18, 6),
  currency LowCardinality(String),
  effective_from Date
) ENGINE = MergeTree ORDER BY (market, category, effective_from)
