-- For each key the group queued (pipeline/50_derive_queue): whether the group only appends to it
-- (derive_appends, migration 561). A message line appends when no message line of its id was
-- stored before (batch_old_keys holds no key for it: a new id, or one Meta's webhook told only
-- statuses of, before the send log's line came) and the group's lines of it name this key only;
-- since_ms is the earliest instant its event can be at: its send time, or a delivery the line
-- itself (wacost_own_delivery), the group's status lines or the stored ones report (batch_ids
-- merges them: derive/10_events takes the delivery, else the send). The keys queued because a
-- known id moved away or got a status (batch_ids' old key) do not append, unless that status
-- changes nothing derived (batch_ids.moot), or it is only an earlier delivery of a stored
-- outbound message (status lines alone, the message's own line is outbound: own_kind = 2): that
-- id goes to tail_ids (migration 806) with since_ms its delivery now (batch_ids.st_delivered, the
-- earliest reported), and
-- derive/05_keys continues the key from its cached tail when the tail holds the id and the
-- delivery comes after the tail's restart point. Any other status of a stored message (an
-- inbound's failure; an id stored before migration 600, own_kind = 0) still appends nothing.
INSERT INTO derive_appends (batch_id, bucket, phone_number_id, wa_id, appended, since_ms, tail_ids)
SELECT {batch:UInt64}, wacost_bucket(phone_number_id, wa_id), phone_number_id, wa_id, min(a), min(s),
       groupArrayIf(id, id != '')
FROM (
  SELECT r.phone_number_id AS phone_number_id, r.wa_id AS wa_id,
         -- an id whose lines name several keys ends in one of them: the others lose a message
         -- (a tombstone), which is no append
         toUInt8(r.message_id NOT IN (SELECT message_id FROM batch_old_keys WHERE phone_number_id != '') AND ifNull(b.multi, 0) = 0) AS a,
         least(toUnixTimestamp64Milli(r.ts),
               ifNull(toUnixTimestamp64Milli(wacost_own_delivery(r.status, r.ts, r.status_ts)), toUnixTimestamp64Milli(r.ts)),
               ifNull(toUnixTimestamp64Milli(b.st_delivered), toUnixTimestamp64Milli(r.ts))) AS s,
         '' AS id
  FROM staged_records AS r
  LEFT JOIN (SELECT message_id, st_delivered, multi FROM batch_ids) AS b
    ON b.message_id = r.message_id
  WHERE r.kind = 'message'
  UNION ALL
  SELECT old_phone_number_id, old_wa_id,
         toUInt8(has_msg = 0 AND own_kind = 2 AND st_delivered IS NOT NULL) AS a,
         if(a = 1, toUnixTimestamp64Milli(assumeNotNull(st_delivered)), toInt64(0)) AS s,
         if(a = 1, message_id, '') AS id
  FROM batch_ids
  WHERE old_phone_number_id != '' AND moot = 0
)
GROUP BY phone_number_id, wa_id
