-- Replaces 142: a status line sent again (Meta retries a webhook; a log is sent twice) is one
-- record. statuses keeps one row per distinct line only once its parts are merged (a
-- ReplacingMergeTree sorted by every column since 610), and the view counted what was stored
-- before that: 2 for one line until a merge. It reads statuses FINAL now, which the candidates'
-- message ids (a few) keep to a handful of granules. Everything else as in 142.
CREATE OR REPLACE VIEW unmatched_statuses AS
WITH candidates AS (SELECT DISTINCT message_id FROM message_keys WHERE phone_number_id = '')
SELECT s.message_id AS message_id, s.records AS records, s.statuses AS statuses,
       s.first_at AS first_at, s.last_at AS last_at
FROM (
  SELECT message_id, count() AS records, arraySort(groupUniqArray(status)) AS statuses, min(ts) AS first_at, max(ts) AS last_at
  FROM statuses FINAL
  WHERE message_id IN (SELECT message_id FROM candidates)
  GROUP BY message_id
) AS s
WHERE s.message_id IN (
  SELECT message_id FROM message_keys
  WHERE h IN (SELECT cityHash64(message_id) FROM candidates) AND message_id IN (SELECT message_id FROM candidates)
  GROUP BY message_id HAVING argMax(phone_number_id, version) = '')
