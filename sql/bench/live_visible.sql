-- bench:live: how many of the run's posted messages (ids starting with {prefix}) have a verdict,
-- i.e. are ingested, derived and visible through the API.
SELECT count() AS n FROM (
  SELECT message_id FROM verdicts WHERE startsWith(message_id, {prefix:String})
  GROUP BY message_id HAVING sum(sign) > 0
)
