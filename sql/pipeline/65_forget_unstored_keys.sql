-- On opening, for a batch that stopped before its end: deletes its message_keys rows of the ids
-- pipeline/64_unstored_key_ids found (message lines it never stored), then those ids are
-- forgotten (pipeline/66_clear_unstored_key_ids). The row an id had before the batch counts again.
DELETE FROM message_keys
WHERE version BETWEEN wacost_record_version({batch:UInt64}, 0) AND wacost_record_version({batch:UInt64} + 1, 0) - 1
  AND message_id IN (SELECT message_id FROM unstored_key_ids)
