-- The free-tier count (see service_conversations.counter) each FREE_TIER charge was ranked in.
ALTER TABLE free_tier ADD COLUMN IF NOT EXISTS counter String AFTER local_date
