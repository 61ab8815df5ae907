-- Whether a line of the group may be a webhook envelope, a webhook value object or a JSON array
-- (wacost_may_hold_records over the group's text): only then is pipeline/09_expand run. And
-- whether a run of the group names a display number at all (the runs pipeline/12_phone_display
-- reads, by the same test): only then is it run (~20 ms to plan, for nothing in a plain log).
SELECT countIf(wacost_may_hold_records(text)) AS n,
       countIf(position(text, '"display_phone_number"') > 0) AS display
FROM ingest_chunk_buffer
