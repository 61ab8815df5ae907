-- Per message id: a hash of its winning message line as given (wacost_message_content, 634), kept
-- with its key by pipeline/55_message_keys and found again by pipeline/31_old_keys, so that a line
-- ingested again is told from a corrected one (pipeline/33_record_news) without reading messages.
-- 0 where unknown: ids known only from status lines, and rows written before this column (those
-- are compared with the stored message row instead).
-- derived data: unchanged (nothing derived reads it)
ALTER TABLE message_keys ADD COLUMN IF NOT EXISTS content UInt64
