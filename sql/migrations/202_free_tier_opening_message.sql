-- The opening message of each FREE_TIER conversation: the tie-break of rule 9's ranking.
ALTER TABLE free_tier ADD COLUMN IF NOT EXISTS opening_message_id String AFTER opened_at
