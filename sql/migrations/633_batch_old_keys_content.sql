-- The stored hash of each earlier message id's winning line (message_keys.content, 632), as
-- pipeline/31_old_keys finds it, for pipeline/32_batch_ids' old_content.
-- derived data: unchanged (a working table of the ingest)
ALTER TABLE batch_old_keys ADD COLUMN IF NOT EXISTS content UInt64
