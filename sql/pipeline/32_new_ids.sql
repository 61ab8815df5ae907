-- pipeline/32_batch_ids for a group of new messages alone: no status line, and no id repeated in
-- the group or known before (pipeline/32_merged_count). Each id is then its message line, as the
-- first part of 32_batch_ids writes it (see there for the columns): key, version and what the
-- line says of its own delivery and content; no delivery fact, nothing merged. Without the
-- planning of 32_batch_ids' aggregation, its join to batch_old_keys and its fact merges (~2/3 of
-- its cost: 42-49 -> 17-22 ms a group with the count, docs/performance.md).
INSERT INTO batch_ids (message_id, has_msg, version, rev, bucket, phone_number_id, wa_id, multi,
                       old_bucket, old_phone_number_id, old_wa_id, st_delivered, st_failed, st_facts, facts_dropped,
                       own_kind, own_delivery, moot, message_lines, status_lines, content, old_content)
SELECT message_id, 1, v, v, wacost_bucket(phone_number_id, wa_id), phone_number_id, wa_id, 0, 0, '', '',
       NULL, 0, [], 0,
       toUInt8(multiIf(direction = 'outbound', 2, status = '', 3, 1)),
       if(direction = 'outbound', wacost_own_delivery(status, ts, status_ts), NULL), 0, 1, 0,
       wacost_message_content(phone_number_id, wa_id, waba_id, ts, direction, template_category, template_name, msg_type,
                              entry_point, ad_id, status, status_ts, ctwa_clid, country),
       toUInt64(0)
FROM (SELECT *, wacost_record_version({batch:UInt64}, seq) AS v FROM staged_records WHERE kind = 'message')
