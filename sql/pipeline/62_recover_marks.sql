-- On opening, for a batch that stopped before its end: marks again for the reconciliation kept
-- (reconcile_dirty, migration 749) every key it queued (derive_queue: those of its message lines
-- and the keys its ids had before) and every message id it recorded (message_keys, pipeline/55:
-- its status lines' ones too; pipeline/20_statuses runs after it). A statement cut between its
-- source and the targets of their views (kill -9, an engine error: the engine writes them one after
-- the other, with no transaction) stored message or status lines (messages, statuses) without the
-- marks of views 752 and 753; the derive done again marks only keys whose conversations or
-- verdicts change, so a corrected template name, or a status line that moves no delivery, kept
-- its discrepancies stale. A mark more than needed only compares those keys again.
INSERT INTO reconcile_dirty (phone_number_id, wa_id, message_id, conversation_id)
SELECT phone_number_id, wa_id, '', '' FROM derive_queue WHERE batch_id = {batch:UInt64}
UNION ALL
SELECT DISTINCT '', '', message_id, ''
FROM message_keys
WHERE version BETWEEN wacost_record_version({batch:UInt64}, 0) AND wacost_record_version({batch:UInt64} + 1, 0) - 1
