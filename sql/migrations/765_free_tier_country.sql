-- The country of each FREE_TIER charge (its ledger row's, from charge_countries: derive/40_free_tier),
-- so the spend rollup moves it to FREE_TIER within its country. In the sort key, as every column of
-- a table that cancels rows by sign: a charge whose country changed is retracted and written anew.
ALTER TABLE free_tier
  ADD COLUMN IF NOT EXISTS country LowCardinality(String) AFTER counter,
  MODIFY ORDER BY (waba_id, month, conversation_id, opened_at, phone_number_id, market, price, currency, local_date, country)
