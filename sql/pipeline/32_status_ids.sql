-- pipeline/32_batch_ids for a group of status lines alone (pipeline/70_group_summary: every
-- accepted record a status line; most webhook micro-batches of a business that mostly sends).
-- No id has a message line, so every id is its status lines merged with what message_keys knew
-- before (batch_old_keys, nothing for an id it did not hold): 32_batch_ids' second part, over all
-- the group's ids, with its message-line columns constant (see there for the columns). An id seen
-- once and unknown gets what the first part gives it (no key, its line's facts, no own delivery):
-- the defaults of the join. Without the planning of the first part and of the set of merged ids.
INSERT INTO batch_ids (message_id, has_msg, version, rev, bucket, phone_number_id, wa_id, multi,
                       old_bucket, old_phone_number_id, old_wa_id, st_delivered, st_failed, st_facts, facts_dropped,
                       own_kind, own_delivery, moot, message_lines, status_lines, content, old_content)
SELECT b.message_id, 0, 0, b.rev, o.bucket, o.phone_number_id, o.wa_id, 0, o.bucket, o.phone_number_id, o.wa_id,
       -- what counts: the facts that counted, and the group's
       multiIf(o.st_delivered IS NULL, b.new_delivered, b.new_delivered IS NULL, o.st_delivered,
               least(assumeNotNull(o.st_delivered), assumeNotNull(b.new_delivered))) AS delivered,
       greatest(o.st_failed, b.new_failed) AS failed,
       wacost_facts_merge(o.st_facts, wacost_facts_of({wabas:Array(String)}, b.new_delivered, b.new_failed)),
       toUInt8((o.st_delivered IS NOT NULL OR o.st_failed = 1) AND delivered IS NULL AND failed = 0),
       o.own_kind, o.own_delivery,
       -- moot as in 32_batch_ids
       toUInt8(o.phone_number_id != '' AND multiIf(
         o.own_kind = 1, failed = o.st_failed,
         o.own_kind = 3, 1,
         o.own_kind = 2, b.new_delivered IS NULL
                         OR ifNull(b.new_delivered >= least(ifNull(o.own_delivery, o.st_delivered), ifNull(o.st_delivered, o.own_delivery)), 0),
         0)),
       0, b.status_lines, o.content, o.content
FROM (
  SELECT message_id, max(wacost_record_version({batch:UInt64}, seq)) AS rev,
         minIf(toNullable(status_ts), status IN ('delivered', 'read')) AS new_delivered,
         max(toUInt8(status = 'failed')) AS new_failed,
         toUInt32(count()) AS status_lines
  FROM staged_records
  WHERE kind = 'status'
  GROUP BY message_id
) AS b
LEFT JOIN batch_old_keys AS o ON o.message_id = b.message_id
