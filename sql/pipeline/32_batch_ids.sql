-- For every message id of the group: what the group says (the key of its last message line,
-- whether its message lines name more than one key, the earliest delivered/read and any failed
-- status line) merged with what message_keys knew before (batch_old_keys, from
-- pipeline/31_old_keys). An id that occurs once in the group and that message_keys did not hold
-- (the common case: a new message) is its own line; only the others are aggregated and joined.
-- version = the id's last message line (the winning one); rev = its last line of any kind,
-- which orders the writes of message_keys and status_facts.
-- Delivery facts carry the WABAs they were admitted for (st_wabas, migration 520): those of a
-- batch limited to some WABAs ({wabas}, IngestOptions.wabas; empty: any) count only in them. So
-- earlier facts are dropped (facts_dropped) when the group's last message line puts the message in
-- a WABA they were not admitted for (a status sent through a key of WABA A before a message of
-- WABA B arrived, or a correction that moves it): the same result as when the message came first
-- and pipeline/13_foreign_ids refused the status. Merged facts count where both sides allow
-- (wacost_scope_meet), whichever arrived first.
-- own_kind/own_delivery: what the id's winning message line says of its delivery (migration 600;
-- kept from before when the group has no message line of it). moot: the group has only status
-- lines of a stored message and they leave its delivery as derive/10_events takes it (an inbound
-- whose line has a status: whether a status line failed it; one without: nothing does, it is a
-- delivery no failed status undoes, interfaces.md §1; an outbound: the earliest of its own
-- delivery and its delivered/read statuses), so nothing derived can change and its key is not
-- queued for them.
INSERT INTO batch_ids (message_id, has_msg, version, rev, bucket, phone_number_id, wa_id, multi,
                       old_bucket, old_phone_number_id, old_wa_id, st_delivered, st_failed, st_wabas, facts_dropped,
                       own_kind, own_delivery, moot)
WITH
  -- the group's message and status records, with their versions
  group_lines AS (
    SELECT message_id, kind, phone_number_id, wa_id, waba_id, status, status_ts,
           wacost_record_version({batch:UInt64}, seq) AS v,
           toUInt8(multiIf(kind != 'message', 0, direction = 'outbound', 2, status = '', 3, 1)) AS line_own_kind,
           if(kind = 'message' AND direction = 'outbound',
              multiIf(status = '', toNullable(ts), status IN ('delivered', 'read'), toNullable(status_ts), NULL),
              NULL) AS line_own_delivery
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
       toUInt8(kind = 'status' AND status = 'failed'),
       if(kind = 'status' AND status IN ('delivered', 'read', 'failed'), {wabas:Array(String)}, []),
       0, line_own_kind, line_own_delivery, 0
FROM group_lines
WHERE message_id NOT IN merged_ids
UNION ALL
SELECT message_id, has_msg, version, rev, bucket, phone_number_id, wa_id, multi, old_bucket, old_phone_number_id, old_wa_id,
       multiIf(old_delivered IS NULL, new_delivered, new_delivered IS NULL, old_delivered,
               least(assumeNotNull(old_delivered), assumeNotNull(new_delivered))),
       greatest(old_failed, new_failed),
       wacost_scope_meet(if(old_delivered IS NOT NULL OR old_failed = 1, o_st_wabas, []),
                         if(new_delivered IS NOT NULL OR new_failed = 1, {wabas:Array(String)}, [])),
       toUInt8(NOT keep_old AND (o_delivered IS NOT NULL OR o_failed = 1)),
       if(has_msg, b_own.1, o_own_kind) AS own_kind,
       if(has_msg, b_own.2, o_own_delivery) AS own_delivery,
       toUInt8(NOT has_msg AND old_phone_number_id != '' AND multiIf(
         o_own_kind = 1, greatest(old_failed, new_failed) = old_failed,
         o_own_kind = 3, 1,
         -- the delivery becomes least(before, new statuses): unchanged when they report none or none
         -- earlier than a delivery known before
         o_own_kind = 2, new_delivered IS NULL
                         OR ifNull(new_delivered >= least(ifNull(o_own_delivery, old_delivered), ifNull(old_delivered, o_own_delivery)), 0),
         0)) AS moot
FROM (
  SELECT b.message_id AS message_id, b.has_msg AS has_msg, b.version AS version, b.rev AS rev,
         if(b.has_msg, wacost_bucket(b.latest.1, b.latest.2), o.bucket) AS bucket,
         if(b.has_msg, b.latest.1, o.phone_number_id) AS phone_number_id,
         if(b.has_msg, b.latest.2, o.wa_id) AS wa_id,
         b.multi AS multi, o.bucket AS old_bucket, o.phone_number_id AS old_phone_number_id, o.wa_id AS old_wa_id,
         b.new_delivered AS new_delivered, b.new_failed AS new_failed,
         o.st_delivered AS o_delivered, o.st_failed AS o_failed, o.st_wabas AS o_st_wabas,
         b.own AS b_own, o.own_kind AS o_own_kind, o.own_delivery AS o_own_delivery,
         -- the earlier facts count unless the message is now in a WABA they were not admitted for
         NOT b.has_msg OR empty(o.st_wabas) OR has(o.st_wabas, b.latest.3) AS keep_old,
         if(keep_old, o.st_delivered, NULL) AS old_delivered,
         if(keep_old, o.st_failed, 0) AS old_failed
  FROM (
    SELECT message_id,
           max(kind = 'message') AS has_msg,
           maxIf(v, kind = 'message') AS version,
           max(v) AS rev,
           argMaxIf((phone_number_id, wa_id, waba_id), v, kind = 'message') AS latest,
           argMaxIf((line_own_kind, line_own_delivery), v, kind = 'message') AS own,
           minIf(phone_number_id, kind = 'message') != maxIf(phone_number_id, kind = 'message')
             OR minIf(wa_id, kind = 'message') != maxIf(wa_id, kind = 'message') AS multi,
           minIf(toNullable(status_ts), kind = 'status' AND status IN ('delivered', 'read')) AS new_delivered,
           maxIf(toUInt8(status = 'failed'), kind = 'status') AS new_failed
    FROM group_lines
    WHERE message_id IN merged_ids
    GROUP BY message_id
  ) AS b
  LEFT JOIN batch_old_keys AS o ON o.message_id = b.message_id
)
