-- For every message id of the group: what the group says (the key of its last message line,
-- whether its message lines name more than one key, the earliest delivered/read and any failed
-- status line) merged with what message_keys knew before (batch_old_keys, from
-- pipeline/31_old_keys). An id that occurs once in the group and that message_keys did not hold
-- (the common case: a new message) is its own line; only the others are aggregated and joined.
-- version = the id's last message line (the winning one); rev = its last line of any kind,
-- which orders the writes of message_keys and status_facts.
INSERT INTO batch_ids (message_id, has_msg, version, rev, bucket, phone_number_id, wa_id, multi,
                       old_bucket, old_phone_number_id, old_wa_id, st_delivered, st_failed)
WITH
  -- the group's message and status records, with their versions
  group_lines AS (
    SELECT message_id, kind, phone_number_id, wa_id, status, status_ts,
           wacost_record_version({batch:UInt64}, seq) AS v
    FROM staged_records
    WHERE kind IN ('message', 'status')
  ),
  -- ids of the group that occur more than once or were known before
  merged_ids AS (
    SELECT message_id FROM group_lines GROUP BY message_id HAVING count() > 1
    UNION ALL
    SELECT message_id FROM batch_old_keys
  )
SELECT message_id, kind = 'message', if(kind = 'message', v, 0), v,
       if(kind = 'message', wacost_bucket(phone_number_id, wa_id), 0),
       if(kind = 'message', phone_number_id, ''),
       if(kind = 'message', wa_id, ''),
       0, 0, '', '',
       if(kind = 'status' AND status IN ('delivered', 'read'), toNullable(status_ts), NULL),
       toUInt8(kind = 'status' AND status = 'failed')
FROM group_lines
WHERE message_id NOT IN merged_ids
UNION ALL
SELECT b.message_id, b.has_msg, b.version, b.rev,
       if(b.has_msg, wacost_bucket(b.latest.1, b.latest.2), o.bucket),
       if(b.has_msg, b.latest.1, o.phone_number_id),
       if(b.has_msg, b.latest.2, o.wa_id),
       b.multi, o.bucket, o.phone_number_id, o.wa_id,
       multiIf(o.st_delivered IS NULL, b.new_delivered, b.new_delivered IS NULL, o.st_delivered,
               least(assumeNotNull(o.st_delivered), assumeNotNull(b.new_delivered))),
       greatest(o.st_failed, b.new_failed)
FROM (
  SELECT message_id,
         max(kind = 'message') AS has_msg,
         maxIf(v, kind = 'message') AS version,
         max(v) AS rev,
         argMaxIf((phone_number_id, wa_id), v, kind = 'message') AS latest,
         minIf(phone_number_id, kind = 'message') != maxIf(phone_number_id, kind = 'message')
           OR minIf(wa_id, kind = 'message') != maxIf(wa_id, kind = 'message') AS multi,
         minIf(toNullable(status_ts), kind = 'status' AND status IN ('delivered', 'read')) AS new_delivered,
         maxIf(toUInt8(status = 'failed'), kind = 'status') AS new_failed
  FROM group_lines
  WHERE message_id IN merged_ids
  GROUP BY message_id
) AS b
LEFT JOIN batch_old_keys AS o ON o.message_id = b.message_id
