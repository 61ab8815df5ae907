-- On opening, for a batch that stopped before its end: every message id whose key and facts it
-- wrote to message_keys (pipeline/55, their version's top bits are the batch), so that
-- pipeline/80_status_facts writes what the batch's statuses made known before its keys are
-- derived again. Without it those facts stayed out of status_facts, and the same statuses
-- ingested again were found to change nothing (pipeline/32_batch_ids, moot) and derived nothing.
-- recheck = 1: a stored row whose facts no longer count is emptied, as at the batch's end.
INSERT INTO batch_fact_ids (message_id, recheck)
SELECT DISTINCT message_id, toUInt8(1)
FROM message_keys
WHERE version BETWEEN wacost_line_version({batch:UInt64}, 0, 0) AND wacost_line_version({batch:UInt64} + 1, 0, 0) - 1
