-- pipeline/33_record_news's count of the group's status lines that may repeat one stored before
-- or one of the group (there: status_repeated_ids > 0, else not run): identical status lines
-- together, the first new or already stored, the others repeating it (see 33_record_news).
-- Runs before the group writes anything (20_statuses).
WITH
  -- ids whose status lines may repeat one stored before, or one of the group
  status_repeated AS (
    SELECT message_id FROM batch_ids
    WHERE status_lines > 1 OR (status_lines = 1 AND message_id IN (SELECT message_id FROM batch_old_keys))
  ),
  -- those ids' status lines, identical ones together, and whether such a line was stored before
  status_lines AS (
    SELECT count() AS lines,
           (message_id, status, status_ts, pricing_billable, pricing_model, pricing_category, pricing_type,
            conversation_id, conversation_origin_type, conversation_expiration_ts, error_code, error_title,
            recipient_id) IN (
             SELECT message_id, status, ts, pricing_billable, pricing_model, pricing_category, pricing_type,
                    conversation_id, conversation_origin_type, conversation_expiration_ts, error_code, error_title,
                    recipient_id
             FROM statuses
             WHERE message_id IN (SELECT message_id FROM batch_old_keys)
               AND wabas = arraySort(arrayDistinct({wabas:Array(String)}))) AS stored
    FROM staged_records
    WHERE kind = 'status' AND message_id IN status_repeated
    GROUP BY message_id, status, status_ts, pricing_billable, pricing_model, pricing_category, pricing_type,
             conversation_id, conversation_origin_type, conversation_expiration_ts, error_code, error_title,
             recipient_id
  )
SELECT countIf(stored = 0) AS new_records, toUInt64(sum(lines) - countIf(stored = 0)) AS unchanged_records,
       toUInt64(sum(lines) - count()) AS repeated_records
FROM status_lines
-- (reads by hash sets: optimize_and_compare_chain, looking for implied bounds, only cost planning)
SETTINGS optimize_and_compare_chain = 0
