-- The dashboard's spend rollup by the customer's country (ISO 3166 alpha-2 of the charge's
-- opening message: the line's own country, else its wa_id's calling code resolved by
-- ingest/countries.ts; '' when unknown), exactly the ledger's `country` (conversations.country),
-- so spend per country sums to the cent with the ledger export's. Derived rows: a rebuild fills it.
ALTER TABLE spend_daily
  ADD COLUMN IF NOT EXISTS country LowCardinality(String),
  MODIFY ORDER BY (waba_id, local_date, phone_number_id, market, category, pricing_type, currency, unit, tier, country)
