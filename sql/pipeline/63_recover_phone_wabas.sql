-- On opening, for a batch that stopped before its end: the (phone number, WABA) pairs of the
-- message lines it stored, added to phone_number_wabas (migration 700) as view 701 adds them. A
-- statement cut after messages got a block and before view 701 wrote it (kill -9, an engine
-- error) left a number stored under a WABA missing from phone_number_owners (741): a later line
-- giving it under another WABA was not pointed out, and a key limited to that other WABA could
-- store its lines. Its rows are found under the keys it queued (derive_queue: every message line's
-- key), by the batch's range of versions; a pair written already is written again the same
-- (first_version is a min), so nothing changes where the view wrote it.
INSERT INTO phone_number_wabas (phone_number_id, waba_id, first_version)
SELECT phone_number_id, waba_id, min(version)
FROM messages
PREWHERE (bucket, phone_number_id, wa_id) IN (SELECT bucket, phone_number_id, wa_id FROM derive_queue WHERE batch_id = {batch:UInt64})
WHERE version BETWEEN wacost_record_version({batch:UInt64}, 0) AND wacost_record_version({batch:UInt64} + 1, 0) - 1
  AND deleted = 0
GROUP BY phone_number_id, waba_id
