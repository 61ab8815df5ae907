-- Keys the group can change: the keys of its message lines, plus the keys its message ids had
-- before (a correction may move a message to another key; a status line changes its
-- message's key).
INSERT INTO derive_queue (batch_id, bucket, phone_number_id, wa_id)
SELECT {batch:UInt64}, wacost_bucket(phone_number_id, wa_id), phone_number_id, wa_id
FROM (
  SELECT phone_number_id, wa_id FROM staged_records WHERE kind = 'message'
  UNION ALL
  SELECT old_phone_number_id, old_wa_id FROM batch_ids WHERE old_phone_number_id != ''
)
GROUP BY phone_number_id, wa_id
