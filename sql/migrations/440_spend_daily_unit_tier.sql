-- The dashboard's spend rollup by unit (conversation or message, pricing-models.md §3) and volume
-- tier (`LOWER:UPPER` of a tiered per-message charge, '' otherwise), so the invoice and the
-- dashboard group by them (derived rows: a rebuild fills them).
ALTER TABLE spend_daily
  ADD COLUMN IF NOT EXISTS unit LowCardinality(String),
  ADD COLUMN IF NOT EXISTS tier LowCardinality(String),
  MODIFY ORDER BY (waba_id, local_date, phone_number_id, market, category, pricing_type, currency, unit, tier)
