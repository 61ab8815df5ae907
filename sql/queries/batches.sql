-- Every batch (ingest or rebuild) with its state: finished, interrupted (it never finished; a
-- later run re-did its derive, but lines it had not read yet are missing until the source is
-- ingested again), or running (started, not finished, not found by another run yet).
SELECT b.batch_id AS batch, b.source AS source, wacost_iso(b.started_at) AS started_at,
       if(b.finished_at IS NULL, NULL, wacost_iso(assumeNotNull(b.finished_at))) AS finished_at,
       multiIf(b.finished_at IS NOT NULL, 'finished', i.batch_id != 0, 'interrupted', 'running') AS state,
       b.lines AS lines, b.accepted AS accepted, b.rejected AS rejected
FROM ingest_batches AS b FINAL
LEFT JOIN interrupted_batches AS i ON i.batch_id = b.batch_id
ORDER BY batch
