-- Per message id of a group (batch_ids): how many of the group's message and status lines name it,
-- written by pipeline/32_batch_ids from the aggregation it does anyway, and the hash of its winning
-- message line (content, wacost_message_content, migration 634) with the one stored before
-- (old_content, from message_keys, 632), so that pipeline/33_record_news counts new, unchanged and
-- corrected lines from batch_ids alone and compares lines one by one only for the ids that repeat
-- in the group.
-- derived data: unchanged (a working table of the ingest)
ALTER TABLE batch_ids
  ADD COLUMN IF NOT EXISTS message_lines UInt32,
  ADD COLUMN IF NOT EXISTS status_lines UInt32,
  ADD COLUMN IF NOT EXISTS content UInt64,
  ADD COLUMN IF NOT EXISTS old_content UInt64
