-- The opening message of each changed SERVICE conversation, so that the earliest change is
-- placed in the free tier's own order (opened_at, opening_message_id).
ALTER TABLE free_tier_dirty ADD COLUMN IF NOT EXISTS opening_message_id String AFTER opened_at
