-- What the group's accepted records change, for the batch summary (a log ingested again must not
-- read as new data): per record, new (its message id was stored by no earlier group or batch and
-- by no earlier line of the group), unchanged (it repeats, field for field, the message row or
-- status line stored before it, or an earlier line of the group) or corrected (a message line for
-- a message id stored before, or given earlier in the group, whose fields differ: the last line
-- wins). A status line is never "corrected": status lines accumulate, so a differing one is new.
-- Reuses what the group computed of its message ids (pipeline/32_batch_ids: how many lines name
-- each, the hash of its winning message line and the one stored before, message_keys.content via
-- pipeline/31_old_keys): one line of an id is new, unchanged or corrected from batch_ids alone, so
-- neither a log of new ids nor the same log again reads messages. Only the ids with several message
-- lines in the group, or stored before migration 632 (no hash), are compared line by line, with
-- the stored row looked up by its key; there a line without its own country is compared with the
-- country its customer number resolves to (wa_country_keys), as 40_messages stores it. Status lines
-- are looked up in statuses only for ids stored before or repeated in the group. Runs before the
-- group writes anything (45_tombstones, 40_messages, 20_statuses).
-- Of the unchanged ones, those that repeat the line of the group just before them for the same id
-- (an identical status line: any but the first), not a row stored before: repeated_records, so
-- the report says "repeated in this file" rather than "already stored" (fresh-user trial). A line
-- repeating one of an earlier group of the same batch (~64 MB before) reads as already stored.
-- Also, of the group's status lines, those naming a message id that has no message line after the
-- group (none stored before, none in it: batch_ids.phone_number_id is the key's, '' without one):
-- the webhook receiver's last batch counts them (Meta's statuses for messages sent through other
-- tools, which its log says at most once a minute: fresh-user trial).
WITH
  -- ids whose message lines are compared one by one: several in the group, or one whose stored
  -- message has no hash of its line (stored before migration 632)
  repeated AS (
    SELECT message_id FROM batch_ids
    WHERE message_lines > 1 OR (message_lines = 1 AND old_phone_number_id != '' AND old_content = 0)
  ),
  -- ids whose status lines may repeat one stored before, or one of the group
  status_repeated AS (
    SELECT message_id FROM batch_ids
    WHERE status_lines > 1 OR (status_lines = 1 AND message_id IN (SELECT message_id FROM batch_old_keys))
  ),
  -- those ids' message lines and stored rows in order (the stored row first, seq 0), each with the one before
  ordered AS (
    SELECT stored, lagInFrame(content) OVER w AS before, content, row_number() OVER w AS n,
           -- the id's last line is what was stored: the lines change nothing, each is unchanged
           -- (a log that gives an id twice, sent again, read as two corrections: break-it trial)
           max(stored) OVER p = 1 AND argMin(content, seq) OVER p = argMax(content, seq) OVER p AS settled,
           -- the line before it is one of the group's, not the stored row (which comes first, n = 1)
           row_number() OVER w > 1 + max(stored) OVER p AS after_line
    FROM (
      SELECT 0 AS stored, m.message_id AS message_id, m.seq AS seq,
             (m.phone_number_id, m.wa_id, m.waba_id, m.ts, m.direction, m.template_category, m.template_name,
              m.msg_type, m.entry_point, m.ad_id, m.status, m.status_ts, m.ctwa_clid,
              if(m.country != '', m.country, ifNull(wc.country, ''))) AS content
      FROM (SELECT * FROM staged_records WHERE kind = 'message' AND message_id IN repeated) AS m
      LEFT JOIN (
        SELECT wa_id, any(country) AS country FROM wa_country_keys
        WHERE h IN (SELECT cityHash64(wa_id) FROM staged_records WHERE kind = 'message' AND message_id IN repeated)
        GROUP BY wa_id
      ) AS wc ON wc.wa_id = m.wa_id
      UNION ALL
      SELECT 1, message_id, 0, last.2
      FROM (
        SELECT message_id,
               argMax((deleted, (phone_number_id, wa_id, waba_id, ts, toString(direction), toString(template_category),
                                 template_name, toString(msg_type), toString(entry_point), ad_id, toString(status),
                                 status_ts, ctwa_clid, toString(country))), version) AS last
        FROM messages
        WHERE (bucket, phone_number_id, wa_id, message_id) IN (
          SELECT bucket, phone_number_id, wa_id, message_id FROM batch_old_keys
          WHERE phone_number_id != '' AND message_id IN repeated)
        GROUP BY message_id
      )
      WHERE last.1 = 0
    )
    WINDOW w AS (PARTITION BY message_id ORDER BY seq ROWS BETWEEN 1 PRECEDING AND CURRENT ROW), p AS (PARTITION BY message_id)
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
  ),
  -- the common cases: one line of an id never stored (new), or of a stored message with the hash of
  -- its line (the same hash: unchanged; another: corrected)
  single AS (
    SELECT countIf(message_lines = 1 AND old_phone_number_id = '')
             + countIf(status_lines = 1 AND message_id NOT IN status_repeated) AS new_lines,
           countIf(message_lines = 1 AND old_content != 0 AND content = old_content) AS unchanged_lines,
           countIf(message_lines = 1 AND old_phone_number_id != '' AND old_content != 0 AND content != old_content) AS corrected_lines,
           sumIf(status_lines, phone_number_id = '') AS unmatched_status_lines,
           -- for the statements after it: whether pipeline/45_tombstones and pipeline/60_fact_ids
           -- have any id to write (their own filters of batch_ids); none, they are not run
           countIf(multi = 1 OR (has_msg = 1 AND old_phone_number_id != ''
                                 AND (old_phone_number_id, old_wa_id) != (phone_number_id, wa_id))) AS moved_ids,
           countIf(st_delivered IS NOT NULL OR st_failed = 1 OR facts_dropped = 1) AS fact_ids
    FROM batch_ids
  )
-- each part evaluated once
SELECT sum(new_lines) AS new_records, sum(unchanged_lines) AS unchanged_records, sum(corrected_lines) AS corrected_records,
       sum(unmatched_status_lines) AS statuses_without_message, sum(repeated_lines) AS repeated_records,
       sum(moved_ids) AS moved_ids, sum(fact_ids) AS fact_ids
FROM (
  SELECT toUInt64(s.new_lines) AS new_lines, toUInt64(s.unchanged_lines) AS unchanged_lines, toUInt64(s.corrected_lines) AS corrected_lines,
         toUInt64(s.unmatched_status_lines) AS unmatched_status_lines, toUInt64(0) AS repeated_lines,
         toUInt64(s.moved_ids) AS moved_ids, toUInt64(s.fact_ids) AS fact_ids
  FROM single AS s
  UNION ALL
  SELECT countIf(stored = 0 AND n = 1), countIf(stored = 0 AND n > 1 AND (settled OR before = content)),
         countIf(stored = 0 AND n > 1 AND NOT settled AND before != content), toUInt64(0),
         countIf(stored = 0 AND after_line AND before = content), toUInt64(0), toUInt64(0)
  FROM ordered
  UNION ALL
  -- identical status lines: the first is new or already stored, the others repeat it
  SELECT countIf(stored = 0), toUInt64(sum(lines) - countIf(stored = 0)), toUInt64(0), toUInt64(0), toUInt64(sum(lines) - count()),
         toUInt64(0), toUInt64(0)
  FROM status_lines
)
-- (reads by hash sets: optimize_and_compare_chain, looking for implied bounds, only cost planning)
SETTINGS optimize_and_compare_chain = 0
