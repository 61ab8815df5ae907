-- Keys the group can change: the keys of its message lines, plus the keys its message ids had
-- before (a correction may move a message to another key; a status line changes its
-- message's key) — unless all its news is status lines that leave what is derived as it was
-- (batch_ids.moot, pipeline/32_batch_ids).
INSERT INTO derive_queue (batch_id, bucket, phone_number_id, wa_id)
SELECT {batch:UInt64}, wacost_bucket(phone_number_id, wa_id), phone_number_id, wa_id
FROM (
  SELECT phone_number_id, wa_id FROM staged_records WHERE kind = 'message'
  UNION ALL
  SELECT old_phone_number_id, old_wa_id FROM batch_ids WHERE old_phone_number_id != '' AND moot = 0
)
GROUP BY phone_number_id, wa_id
