-- Copies what is known of the delivery of the batch's messages (message_index, just merged)
-- next to the message rows, under each message's current key.
INSERT INTO status_facts
SELECT bucket, phone_number_id, wa_id, message_id, wacost_line_version({batch:UInt64}, 0, 0),
       st_delivered, st_failed
FROM message_index
WHERE message_id IN (SELECT message_id FROM staged_lines WHERE kind IN ('message', 'status'))
  AND phone_number_id != ''
  AND (st_delivered IS NOT NULL OR st_failed = 1)
