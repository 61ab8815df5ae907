-- The group's only lookup of earlier message ids: one scan of message_keys.h against the set of
-- the group's hashes (cheap whatever the table size, no per-id lookups), keeping the latest row
-- of each id found. A hash shared with another id finds that id's row, which no later join
-- by message_id matches. With the key come the delivery facts that count for the message now,
-- every fact per WABA it was admitted for (st_facts, migration 583) and what its own line says
-- of its delivery (migration 600), and the hash of its winning message line (content, migration 632).
INSERT INTO batch_old_keys (message_id, bucket, phone_number_id, wa_id, st_delivered, st_failed, st_facts, own_kind, own_delivery, content)
SELECT message_id, k.1, k.2, k.3, k.4, k.5, k.6, k.7, k.8, k.9
FROM (
  SELECT message_id, argMax((bucket, phone_number_id, wa_id, st_delivered, st_failed, st_facts, own_kind, own_delivery, content), version) AS k
  FROM message_keys
  WHERE h IN (SELECT cityHash64(message_id) FROM staged_records WHERE kind IN ('message', 'status'))
  GROUP BY message_id
)
