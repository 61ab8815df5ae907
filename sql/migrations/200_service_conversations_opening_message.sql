-- Rule 9 ranks the free tier by opened_at, then opening_message_id (byte-wise): the opening
-- message id of each SERVICE conversation, kept where the free tier is ranked from.
ALTER TABLE service_conversations ADD COLUMN IF NOT EXISTS opening_message_id String AFTER opened_at
