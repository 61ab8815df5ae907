-- pipeline/33_record_news's count of the group's records for the ids whose message lines are
-- compared one by one (there: repeated_ids > 0, else not run): new, unchanged, corrected, and of
-- the unchanged those repeating the line of the group just before them (see 33_record_news).
-- Runs before the group writes anything.
WITH
  -- ids whose message lines are compared one by one: several in the group, or one whose stored
  -- message has no hash of its line (stored before migration 632)
  repeated AS (
    SELECT message_id FROM batch_ids
    WHERE message_lines > 1 OR (message_lines = 1 AND old_phone_number_id != '' AND old_content = 0)
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
  )
SELECT countIf(stored = 0 AND n = 1) AS new_records, countIf(stored = 0 AND n > 1 AND (settled OR before = content)) AS unchanged_records,
       countIf(stored = 0 AND n > 1 AND NOT settled AND before != content) AS corrected_records,
       countIf(stored = 0 AND after_line AND before = content) AS repeated_records
FROM ordered
-- (reads by hash sets: optimize_and_compare_chain, looking for implied bounds, only cost planning)
SETTINGS optimize_and_compare_chain = 0
