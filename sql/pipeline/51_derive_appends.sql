-- For each key the group queued (pipeline/50_derive_queue): whether the group only appends to it
-- (derive_appends, migration 561). A message line appends when its id was never seen before (not
-- in batch_old_keys: no stored message, no earlier status) and the group's lines of it name this
-- key only; since_ms is the earliest instant its event can be at: its send time, or a delivery
-- the line itself (wacost_own_delivery) or the group's status lines report (derive/10_events
-- takes the delivery, else the send). The keys queued because a known id moved away or got a
-- status (batch_ids' old key) do not append, unless that status changes nothing derived
-- (batch_ids.moot).
INSERT INTO derive_appends (batch_id, bucket, phone_number_id, wa_id, appended, since_ms)
SELECT {batch:UInt64}, wacost_bucket(phone_number_id, wa_id), phone_number_id, wa_id, min(a), min(s)
FROM (
  SELECT r.phone_number_id AS phone_number_id, r.wa_id AS wa_id,
         -- an id whose lines name several keys ends in one of them: the others lose a message
         -- (a tombstone), which is no append
         toUInt8(r.message_id NOT IN (SELECT message_id FROM batch_old_keys) AND ifNull(b.multi, 0) = 0) AS a,
         least(toUnixTimestamp64Milli(r.ts),
               ifNull(toUnixTimestamp64Milli(wacost_own_delivery(r.status, r.ts, r.status_ts)), toUnixTimestamp64Milli(r.ts)),
               ifNull(toUnixTimestamp64Milli(b.st_delivered), toUnixTimestamp64Milli(r.ts))) AS s
  FROM staged_records AS r
  LEFT JOIN (SELECT message_id, st_delivered, multi FROM batch_ids) AS b
    ON b.message_id = r.message_id
  WHERE r.kind = 'message'
  UNION ALL
  SELECT old_phone_number_id, old_wa_id, 0, 0 FROM batch_ids WHERE old_phone_number_id != '' AND moot = 0
)
GROUP BY phone_number_id, wa_id
