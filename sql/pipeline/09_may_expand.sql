-- Whether a line of the group may be a webhook envelope, a webhook value object or a JSON array
-- (wacost_may_hold_records over the group's text): only then is pipeline/09_expand run.
SELECT count() AS n
FROM ingest_chunk_buffer
WHERE wacost_may_hold_records(text)
