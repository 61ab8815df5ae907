-- Keys the staged batch can change: the keys of its message lines, plus the keys that the
-- message ids it mentions belonged to before (a correction may move a message to another key;
-- a status line changes its message's key). Must run before 50_message_index.
INSERT INTO derive_queue
SELECT {batch:UInt64}, bucket, phone_number_id, wa_id
FROM (
  SELECT wacost_bucket(phone_number_id, wa_id) AS bucket, phone_number_id, wa_id
  FROM staged_lines WHERE kind = 'message'
  UNION ALL
  SELECT bucket, phone_number_id, wa_id
  FROM message_index
  WHERE message_id IN (SELECT message_id FROM staged_lines WHERE kind IN ('message', 'status'))
    AND phone_number_id != ''
)
GROUP BY bucket, phone_number_id, wa_id
