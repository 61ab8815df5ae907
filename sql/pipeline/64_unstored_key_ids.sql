-- On opening, for a batch that stopped before its end: the ids whose keys pipeline/55_message_keys
-- recorded for message lines that pipeline/40_messages, run after it, never stored (a kill -9 while
-- it ran or before it: trial, 331,265 ids recorded, no message row). message_keys is what the
-- ingest compares with, so the same lines ingested again read "all already stored and unchanged:
-- nothing changed" although nothing of them was stored, and a later correction would tombstone a
-- key that holds no row. An id's row of the batch (the version's top bits) is kept when the
-- batch stored a message row of it (not a tombstone), or when it says what the row before it
-- said (key and line: the batch had only status lines of the message, or a line of it unchanged);
-- else it is listed in unstored_key_ids (migration 869) and pipeline/65_forget_unstored_keys deletes
-- it, so that the row before it (if any) counts again, as when the batch never ran.
-- An id without a key (status lines alone) is kept: pipeline/20_statuses stored them before.
-- Run after pipeline/61/80 (the batch's status facts, read from these rows) and 62 (marks).
INSERT INTO unstored_key_ids (message_id)
SELECT b.message_id
FROM (
  SELECT message_id, argMax((phone_number_id, wa_id, content), version) AS k
  FROM message_keys
  WHERE version BETWEEN wacost_record_version({batch:UInt64}, 0) AND wacost_record_version({batch:UInt64} + 1, 0) - 1
  GROUP BY message_id
) AS b
LEFT JOIN (
  SELECT message_id, argMax((phone_number_id, wa_id, content), version) AS k
  FROM message_keys
  WHERE version < wacost_record_version({batch:UInt64}, 0)
    AND h IN (SELECT h FROM message_keys
              WHERE version BETWEEN wacost_record_version({batch:UInt64}, 0) AND wacost_record_version({batch:UInt64} + 1, 0) - 1)
  GROUP BY message_id
) AS o ON o.message_id = b.message_id
WHERE b.k.1 != ''
  AND NOT (o.k.1 != '' AND o.k = b.k)
  AND b.message_id NOT IN (
    -- the message rows the batch stored, looked up under the keys it recorded (not derive_queue's:
    -- a run stopped after its derive forgot them, its lines all stored, would lose every key)
    SELECT message_id FROM messages
    PREWHERE (bucket, phone_number_id, wa_id) IN (
      SELECT bucket, phone_number_id, wa_id FROM message_keys
      WHERE version BETWEEN wacost_record_version({batch:UInt64}, 0) AND wacost_record_version({batch:UInt64} + 1, 0) - 1
        AND phone_number_id != '')
    WHERE version BETWEEN wacost_record_version({batch:UInt64}, 0) AND wacost_record_version({batch:UInt64} + 1, 0) - 1
      AND deleted = 0
  )
