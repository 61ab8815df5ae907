-- Removes the accepted records that pipeline/14_foreign_rejects copied as rejected (their message
-- id is stored under a WABA the batch may not write). A Memory table applies it at once.
ALTER TABLE staged_records DELETE WHERE kind IN ('message', 'status') AND message_id IN (SELECT message_id FROM batch_foreign_ids)
