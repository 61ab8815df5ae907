-- A tombstone, carrying the winning version so it replaces the stale row, in every other key a
-- message of the group was stored under: the key it had before the group (batch_ids.old_*),
-- and the keys of its earlier message lines in this group when they name more than one.
INSERT INTO messages (bucket, phone_number_id, wa_id, message_id, version, deleted)
SELECT old_bucket, old_phone_number_id, old_wa_id, message_id, version, 1
FROM batch_ids
WHERE has_msg = 1 AND old_phone_number_id != ''
  AND (old_phone_number_id, old_wa_id) != (phone_number_id, wa_id)
UNION ALL
SELECT DISTINCT wacost_bucket(s.phone_number_id, s.wa_id), s.phone_number_id, s.wa_id, s.message_id, b.version, 1
FROM staged_records AS s
INNER JOIN (SELECT message_id, phone_number_id, wa_id, version FROM batch_ids WHERE multi = 1) AS b
  ON b.message_id = s.message_id
WHERE s.kind = 'message' AND (s.phone_number_id, s.wa_id) != (b.phone_number_id, b.wa_id)
