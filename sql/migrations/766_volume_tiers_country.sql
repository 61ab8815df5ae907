-- The country of each tiered per-message charge (its ledger row's, from charge_countries:
-- derive/50_volume_tiers), so the spend rollup moves it to its band within its country. Volume tiers
-- still count per WABA, market and category (pricing-models.md §4): the country only labels the
-- charge. In the sort key, as every column of a table that cancels rows by sign.
ALTER TABLE volume_tiers
  ADD COLUMN IF NOT EXISTS country LowCardinality(String) AFTER currency,
  MODIFY ORDER BY (waba_id, market, category, month, opened_at, opening_message_id, conversation_id, phone_number_id, local_date, n, tier, base_price, price, currency, country)
