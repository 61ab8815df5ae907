-- For every message id of the group: what the group says (the key of its last message line,
-- whether its message lines name more than one key, the earliest delivered/read and any failed
-- status line) merged with what message_keys knew before (batch_old_keys, from
-- pipeline/31_old_keys). An id that occurs once in the group and that message_keys did not hold
-- (the common case: a new message) is its own line; only the others are aggregated and joined.
-- version = the id's last message line (the winning one); rev = its last line of any kind,
-- which orders the writes of message_keys and status_facts.
-- Delivery facts are kept per WABA their lines were admitted for (st_facts, migration 583):
-- those of a batch limited to some WABAs ({wabas}, IngestOptions.wabas) under each of them,
-- those of an unrestricted one under '' (any). st_delivered and st_failed are what counts for the
-- message's WABA (wacost_facts_for, 582): computed again from all the facts whenever a message
-- line names the WABA (a status sent through a key of WABA A before a message of WABA B arrived,
-- a correction that moves it, or moves it back), so a line of A's key counts only while the
-- message is A's, and an unrestricted line always, whatever it was merged with; the same result
-- as when the message came first and pipeline/13_foreign_ids refused A's lines. A group of status
-- lines alone adds its facts to those that counted: a limited batch's lines on a stored message
-- were admitted for its WABA (13_foreign_ids refused the others), an unrestricted batch's count
-- anywhere. facts_dropped asks pipeline/80_status_facts to replace the stored row when the facts
-- that counted no longer do, or when the message moved to another key (where a row of an earlier
-- stay may wait).
-- own_kind/own_delivery: what the id's winning message line says of its delivery (migration 600;
-- wacost_own_delivery, 623; kept from before when the group has no message line of it). moot: the
-- group has only status lines of a stored message and they leave its delivery as derive/10_events
-- takes it (an inbound whose line has a status: whether a status line failed it; one without:
-- nothing does, it is a delivery no failed status undoes, interfaces.md §1; an outbound: the
-- earliest of its own delivery and its delivered/read statuses), so nothing derived can change
-- and its key is not queued for them.
-- message_lines/status_lines: the group's lines of the id; content: a hash of the id's winning message
-- line as given (wacost_message_content, kept from before when the group has none), old_content the
-- one stored before (0: none, or stored before migration 632) (migration 631), so
-- pipeline/33_record_news tells a repeated line from a corrected one without reading messages.
INSERT INTO batch_ids (message_id, has_msg, version, rev, bucket, phone_number_id, wa_id, multi,
                       old_bucket, old_phone_number_id, old_wa_id, st_delivered, st_failed, st_facts, facts_dropped,
                       own_kind, own_delivery, moot, message_lines, status_lines, content, old_content)
WITH
  -- the group's message and status records, with their versions
  group_lines AS (
    SELECT message_id, kind, phone_number_id, wa_id, waba_id, status, status_ts,
           wacost_record_version({batch:UInt64}, seq) AS v,
           toUInt8(multiIf(kind != 'message', 0, direction = 'outbound', 2, status = '', 3, 1)) AS line_own_kind,
           if(kind = 'message' AND direction = 'outbound', wacost_own_delivery(status, ts, status_ts), NULL) AS line_own_delivery,
           if(kind = 'message', wacost_message_content(phone_number_id, wa_id, waba_id, ts, direction, template_category,
                                                       template_name, msg_type, entry_point, ad_id, status, status_ts,
                                                       ctwa_clid, country), 0) AS line_content
    FROM staged_records
    WHERE kind IN ('message', 'status')
  ),
  -- ids of the group that occur more than once or were known before (counted from the records
  -- themselves: group_lines is planned again, with its hashes, wherever it is read)
  merged_ids AS (
    SELECT message_id FROM staged_records WHERE kind IN ('message', 'status') GROUP BY message_id HAVING count() > 1
    UNION ALL
    SELECT message_id FROM batch_old_keys
  )
SELECT message_id, kind = 'message', if(kind = 'message', v, 0), v,
       if(kind = 'message', wacost_bucket(phone_number_id, wa_id), 0),
       if(kind = 'message', phone_number_id, ''),
       if(kind = 'message', wa_id, ''),
       0, 0, '', '',
       if(kind = 'status' AND status IN ('delivered', 'read'), toNullable(status_ts), NULL) AS line_delivered,
       toUInt8(kind = 'status' AND status = 'failed') AS line_failed,
       wacost_facts_of({wabas:Array(String)}, line_delivered, line_failed),
       0, line_own_kind, line_own_delivery, 0, toUInt32(kind = 'message'), toUInt32(kind = 'status'), line_content, toUInt64(0)
FROM group_lines
WHERE message_id NOT IN merged_ids
UNION ALL
SELECT message_id, has_msg, version, rev, bucket, phone_number_id, wa_id, multi, old_bucket, old_phone_number_id, old_wa_id,
       counted.1, counted.2, facts,
       toUInt8(((o_delivered IS NOT NULL OR o_failed = 1) AND counted.1 IS NULL AND counted.2 = 0)
               OR (has_msg AND old_phone_number_id != '' AND (old_phone_number_id, old_wa_id) != (phone_number_id, wa_id))),
       if(has_msg, b_own.1, o_own_kind),
       if(has_msg, b_own.2, o_own_delivery),
       toUInt8(NOT has_msg AND old_phone_number_id != '' AND multiIf(
         o_own_kind = 1, counted.2 = o_failed,
         o_own_kind = 3, 1,
         -- the delivery becomes least(before, new statuses): unchanged when they report none or none
         -- earlier than a delivery known before
         o_own_kind = 2, new_delivered IS NULL
                         OR ifNull(new_delivered >= least(ifNull(o_own_delivery, o_delivered), ifNull(o_delivered, o_own_delivery)), 0),
         0)),
       message_lines, status_lines, if(has_msg, b_content, old_content), old_content
FROM (
  SELECT b.message_id AS message_id, b.has_msg AS has_msg, b.version AS version, b.rev AS rev,
         if(b.has_msg, wacost_bucket(b.latest.1, b.latest.2), o.bucket) AS bucket,
         if(b.has_msg, b.latest.1, o.phone_number_id) AS phone_number_id,
         if(b.has_msg, b.latest.2, o.wa_id) AS wa_id,
         b.multi AS multi, o.bucket AS old_bucket, o.phone_number_id AS old_phone_number_id, o.wa_id AS old_wa_id,
         o.st_delivered AS o_delivered, o.st_failed AS o_failed, b.new_delivered AS new_delivered,
         b.own AS b_own, o.own_kind AS o_own_kind, o.own_delivery AS o_own_delivery,
         b.message_lines AS message_lines, b.status_lines AS status_lines, b.content AS b_content, o.content AS old_content,
         wacost_facts_merge(o.st_facts, wacost_facts_of({wabas:Array(String)}, b.new_delivered, b.new_failed)) AS facts,
         -- what counts: for the WABA of the last message line; else the facts that counted, and the group's
         if(b.has_msg, wacost_facts_for(facts, b.latest.3),
            (multiIf(o_delivered IS NULL, b.new_delivered, b.new_delivered IS NULL, o_delivered,
                     least(assumeNotNull(o_delivered), assumeNotNull(b.new_delivered))),
             greatest(o_failed, b.new_failed))) AS counted
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
           maxIf(toUInt8(status = 'failed'), kind = 'status') AS new_failed,
           toUInt32(countIf(kind = 'message')) AS message_lines,
           toUInt32(countIf(kind = 'status')) AS status_lines,
           argMaxIf(line_content, v, kind = 'message') AS content
    FROM group_lines
    WHERE message_id IN merged_ids
    GROUP BY message_id
  ) AS b
  LEFT JOIN batch_old_keys AS o ON o.message_id = b.message_id
)
-- (ids looked up by hash and version ranges of constants: optimize_and_compare_chain adds no bound, ~6 ms of planning)
SETTINGS optimize_and_compare_chain = 0
