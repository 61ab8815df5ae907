-- The country of each tiered per-message charge (its ledger row's, as conversation_changes writes
-- it: mv_tiered_charges, 790), so derive/50_volume_tiers gives each volume_tiers row its charge's
-- country from the rows it ranks, with no lookup by conversation_id (charge_countries, 763). The
-- count still ignores it (pricing-models.md §4: per WABA, market and category). In the sort key,
-- as every column of a table that cancels rows by sign. Derived rows: a rebuild fills it.
ALTER TABLE tiered_charges
  ADD COLUMN IF NOT EXISTS country LowCardinality(String) AFTER local_date,
  MODIFY ORDER BY (waba_id, market, category, month, opened_at, opening_message_id, conversation_id, phone_number_id, price, currency, local_date, country)
