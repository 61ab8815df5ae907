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
-- The ids compared line by line (several lines, or a stored message without the hash of its line)
-- are counted by pipeline/34_repeated_news, the status lines that may repeat one by
-- pipeline/35_status_news, each run only for a group that has such ids (counted here): planning
-- their comparisons cost ~30 ms a group, most groups have none. The three add up to what this
-- statement answered alone.
WITH
  -- ids whose status lines may repeat one stored before, or one of the group
  status_repeated AS (
    SELECT message_id FROM batch_ids
    WHERE status_lines > 1 OR (status_lines = 1 AND message_id IN (SELECT message_id FROM batch_old_keys))
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
           countIf(st_delivered IS NOT NULL OR st_failed = 1 OR facts_dropped = 1) AS fact_ids,
           -- whether pipeline/34_repeated_news and 35_status_news have lines to compare (their
           -- ids: as `repeated` there, and `status_repeated` here); none, they are not run
           countIf(message_lines > 1 OR (message_lines = 1 AND old_phone_number_id != '' AND old_content = 0)) AS repeated_ids,
           countIf(message_id IN status_repeated) AS status_repeated_ids
    FROM batch_ids
  )
SELECT toUInt64(new_lines) AS new_records, toUInt64(unchanged_lines) AS unchanged_records, toUInt64(corrected_lines) AS corrected_records,
       toUInt64(unmatched_status_lines) AS statuses_without_message, toUInt64(0) AS repeated_records,
       moved_ids, fact_ids, repeated_ids, status_repeated_ids
FROM single
-- (reads by hash sets: optimize_and_compare_chain, looking for implied bounds, only cost planning)
SETTINGS optimize_and_compare_chain = 0
