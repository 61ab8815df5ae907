-- The keys (phone_number_id, wa_id) whose discrepancies the marks in reconcile_dirty may have
-- changed, as two parallel arrays for view reconciliation_of: the keys marked; the keys of the
-- messages marked (message_keys, found by the hashes of their ids: the key their line now has;
-- one not stored yet has none, and its message's arrival marks its key); the keys of the conversations marked; and every key with
-- a message in a Meta conversation that any status line of these keys' messages names, now or
-- before a later line changed it (a Meta conversation's first message and its count of derived
-- conversations span every message it names, whoever's: view reconciliation_of).
WITH marked AS (
  SELECT phone_number_id, wa_id FROM reconcile_dirty WHERE wa_id != ''
  UNION DISTINCT
  SELECT k.1 AS phone_number_id, k.2 AS wa_id FROM (
    SELECT argMax((phone_number_id, wa_id), version) AS k FROM message_keys
    WHERE h IN (SELECT cityHash64(message_id) FROM reconcile_dirty WHERE message_id != '')
      AND message_id IN (SELECT message_id FROM reconcile_dirty WHERE message_id != '')
    GROUP BY message_id)
  WHERE k.2 != ''
  UNION DISTINCT
  SELECT phone_number_id, wa_id FROM conversations
  WHERE conversation_id IN (SELECT conversation_id FROM reconcile_dirty WHERE conversation_id != '')
),
named AS (
  SELECT DISTINCT conversation_id FROM statuses
  WHERE conversation_id != '' AND message_id IN (
    SELECT message_id FROM messages
    WHERE (bucket, phone_number_id, wa_id) IN (SELECT wacost_bucket(phone_number_id, wa_id), phone_number_id, wa_id FROM marked))
)
SELECT groupArray(phone_number_id) AS phones, groupArray(wa_id) AS wa_ids
FROM (
  SELECT phone_number_id, wa_id FROM marked
  UNION DISTINCT
  SELECT k.1, k.2 FROM (
    SELECT argMax((phone_number_id, wa_id), version) AS k FROM message_keys
    WHERE h IN (SELECT cityHash64(message_id) FROM statuses WHERE conversation_id IN (SELECT conversation_id FROM named))
    GROUP BY message_id)
  WHERE k.2 != ''
)
