-- The first and last local day with messages of the WABAs asked (every WABA when none is), and
-- how many days: what `wacost export` names when the period asked has none of them (its file then
-- holds only its header, which read as a period without spend: fresh-user trial).
SELECT toString(min(local_date)) AS first_day, toString(max(local_date)) AS last_day, count() AS days
FROM (
  SELECT local_date FROM verdict_daily
  WHERE wacost_in_filter({wabas:Array(String)}, waba_id)
  GROUP BY waba_id, local_date
  HAVING sum(messages) != 0
)
