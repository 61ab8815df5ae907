-- The free-tier count (see service_conversations.counter) of each changed SERVICE charge.
ALTER TABLE free_tier_dirty ADD COLUMN IF NOT EXISTS counter String AFTER conversation_id
