-- Status records whose message never arrived (view unmatched_statuses), oldest first; limit 0 =
-- all (`wacost statuses --unmatched`), else the first ones and the total (every run's report).
SELECT message_id, records, statuses, wacost_iso(first_at) AS first_at, wacost_iso(last_at) AS last_at,
       count() OVER () AS total
FROM unmatched_statuses
ORDER BY first_at, message_id
LIMIT if({limit:UInt64} = 0, 18446744073709551615, {limit:UInt64})
