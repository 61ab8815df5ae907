-- Every batch (ingest or rebuild run: core/batches.ts names their sources) with its state:
-- finished, interrupted (it never finished; a later run re-did its derive, but lines it had not
-- read yet are missing until the source is ingested again), or running (started, not finished,
-- not found by another run yet). A batch not
-- finished counts the lines and records of the groups it stored whole (all of them when it
-- stopped in its derive; core/batches.ts recordBatch), null when it stored none whole (its start
-- row's 0s are no count: an interrupted batch read "lines: 0" after storing whole groups). Of the
-- accepted records: new, unchanged (already stored, e.g. a log ingested again) and corrected
-- (null for rebuilds, runs stopped before they had stored every line, and batches recorded
-- before these counts, migration 630).
SELECT b.batch_id AS batch, b.source AS source, wacost_iso(b.started_at) AS started_at,
       if(b.finished_at IS NULL, NULL, wacost_iso(assumeNotNull(b.finished_at))) AS finished_at,
       multiIf(b.finished_at IS NOT NULL, 'finished', i.batch_id != 0, 'interrupted', 'running') AS state,
       if(b.finished_at IS NULL AND b.lines = 0, NULL, b.lines) AS lines,
       if(b.finished_at IS NULL AND b.lines = 0, NULL, b.accepted) AS accepted,
       if(b.finished_at IS NULL AND b.lines = 0, NULL, b.rejected) AS rejected,
       b.new_records AS new_records, b.unchanged_records AS unchanged_records, b.corrected_records AS corrected_records
FROM ingest_batches AS b FINAL
LEFT JOIN interrupted_batches AS i ON i.batch_id = b.batch_id
ORDER BY batch
