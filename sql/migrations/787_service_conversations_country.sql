-- The country of each SERVICE charge that takes a free-tier rank (its ledger row's, as
-- conversation_changes writes it: mv_service_conversations, 789), so derive/40_free_tier gives each
-- FREE_TIER row its charge's country from the rows it ranks, with no lookup by conversation_id
-- (charge_countries, 763: a set-filtered join that read that table's hashes on every batch). In the
-- sort key, as every column of a table that cancels rows by sign: a charge whose country changed is
-- retracted and written anew. Derived rows: rows stored before have it empty, a rebuild fills it.
ALTER TABLE service_conversations
  ADD COLUMN IF NOT EXISTS country LowCardinality(String) AFTER counter,
  MODIFY ORDER BY (waba_id, month, opened_at, conversation_id, phone_number_id, market, price, currency, local_date, country)
