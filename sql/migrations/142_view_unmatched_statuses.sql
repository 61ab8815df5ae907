-- Status records whose message never arrived: ids that only status lines named (message_keys
-- keeps them with an empty key until a message line comes). They were accepted but price and
-- judge nothing; every run reports them (core/reports.ts) and `wacost statuses --unmatched`
-- lists them, so a log missing its messages is never a silent loss. Candidates are the ids
-- that ever had an empty key (few: statuses that came first); each is checked for a later key.
CREATE OR REPLACE VIEW unmatched_statuses AS
WITH candidates AS (SELECT DISTINCT message_id FROM message_keys WHERE phone_number_id = '')
SELECT s.message_id AS message_id, s.records AS records, s.statuses AS statuses,
       s.first_at AS first_at, s.last_at AS last_at
FROM (
  SELECT message_id, count() AS records, arraySort(groupUniqArray(status)) AS statuses, min(ts) AS first_at, max(ts) AS last_at
  FROM statuses
  WHERE message_id IN (SELECT message_id FROM candidates)
  GROUP BY message_id
) AS s
WHERE s.message_id IN (
  SELECT message_id FROM message_keys
  WHERE h IN (SELECT cityHash64(message_id) FROM candidates) AND message_id IN (SELECT message_id FROM candidates)
  GROUP BY message_id HAVING argMax(phone_number_id, version) = '')
