-- For a batch limited to some WABAs ({wabas}, IngestOptions.wabas; not run otherwise): the
-- group's message ids that are already stored as a message of a WABA outside them, with that
-- WABA. The claimed waba_id of a line proves nothing, so the stored message decides: its key is
-- the one message_keys gives (batch_old_keys, filled just before by pipeline/31_old_keys), its
-- WABA that of its latest row there. A message id known only from status lines has no WABA yet
-- (its facts wait with the WABAs they were admitted for: pipeline/32_batch_ids).
-- Also the group's message lines whose business phone number belongs to a WABA outside them
-- (view phone_number_owners, migration 741: the WABA the register of phone numbers names, else
-- that of its first stored line; a number given later under a second WABA stays its first's): a conversation is keyed
-- by phone number and customer, so such a line would open, reuse or close another WABA's windows
-- (a key of one WABA changed another's charges: trial). With that phone number (migration 715).
INSERT INTO batch_foreign_ids (message_id, waba_id, phone_number_id)
SELECT message_id, m.1, ''
FROM (
  SELECT message_id, argMax((waba_id, deleted), version) AS m
  FROM messages
  WHERE (bucket, phone_number_id, wa_id, message_id) IN (
    SELECT bucket, phone_number_id, wa_id, message_id FROM batch_old_keys WHERE phone_number_id != '')
  GROUP BY message_id
)
WHERE m.2 = 0 AND NOT has({wabas:Array(String)}, m.1)
  AND message_id IN (SELECT message_id FROM staged_records WHERE kind IN ('message', 'status'))
UNION ALL
SELECT s.message_id, p.owner, s.phone_number_id
FROM (SELECT message_id, phone_number_id FROM staged_records WHERE kind = 'message' AND reason = '') AS s
INNER JOIN (
  SELECT phone_number_id, owner FROM phone_number_owners
  WHERE phone_number_id IN (SELECT phone_number_id FROM staged_records WHERE kind = 'message' AND reason = '')
) AS p ON p.phone_number_id = s.phone_number_id
WHERE NOT has({wabas:Array(String)}, p.owner)
