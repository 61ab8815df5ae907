-- Every batch (ingest or rebuild run: core/batches.ts names their sources) with its state:
-- finished, refused (its input was refused whole by its first bytes, a UTF-16 or UTF-32 log or a
-- tar archive, and nothing of it stored: `refused_because` says why, migration 853; one refused
-- before that is listed interrupted, with no lines), interrupted (it never finished; a later run re-did its derive, but lines it had not
-- read yet are missing until the source is ingested again), or running (started, not finished,
-- not found by another run yet). A batch not
-- finished counts the lines and records of the groups it stored whole (all of them when it
-- stopped in its derive; core/batches.ts recordBatch), null when it stored none whole (its start
-- row's 0s are no count: an interrupted batch read "lines: 0" after storing whole groups); its
-- rejected records are those stored, as `wacost rejected` lists them (s), which a group it was
-- storing when it stopped may have stored in part (it read null while `wacost rejected` listed
-- some: break-it trial), null only when it stored none whole and no rejected record. Of the
-- accepted records: new, unchanged (already stored, e.g. a log ingested again) and corrected
-- (null for rebuilds, runs stopped before they had stored every line, and batches recorded
-- before these counts, migration 630). `wacost batches` prints these rows and GET /api/batches
-- answers them (api/routes/batches.ts): numbers as Arrow gives JavaScript numbers (a UInt64 is a
-- BigInt there), batch ids as UInt32 (they count batches), counts of an input of any size as
-- Float64, exact below 2^53, as GET /api/rejected gives line numbers; the same in JSON.
SELECT toUInt32(b.batch_id) AS batch, b.source AS source, wacost_iso(b.started_at) AS started_at,
       if(b.finished_at IS NULL, NULL, wacost_iso(assumeNotNull(b.finished_at))) AS finished_at,
       multiIf(b.finished_at IS NOT NULL, 'finished', r.batch_id != 0, 'refused', i.batch_id != 0, 'interrupted', 'running') AS state,
       if(b.finished_at IS NULL AND b.lines = 0, NULL, toFloat64(b.lines)) AS lines,
       if(b.finished_at IS NULL AND b.lines = 0, NULL, toFloat64(b.accepted)) AS accepted,
       multiIf(b.finished_at IS NOT NULL, toFloat64(b.rejected), b.lines = 0 AND ifNull(s.n, 0) = 0, NULL,
               toFloat64(greatest(b.rejected, ifNull(s.n, 0)))) AS rejected,
       toFloat64(b.new_records) AS new_records, toFloat64(b.unchanged_records) AS unchanged_records,
       toFloat64(b.corrected_records) AS corrected_records,
       if(r.batch_id = 0, NULL, r.refusal) AS refused_because
FROM ingest_batches AS b FINAL
LEFT JOIN interrupted_batches AS i ON i.batch_id = b.batch_id
LEFT JOIN (SELECT batch_id, refusal FROM refused_batches FINAL) AS r ON r.batch_id = b.batch_id
LEFT JOIN (SELECT batch_id, count() AS n FROM rejected_lines FINAL
           WHERE batch_id IN (SELECT batch_id FROM ingest_batches FINAL WHERE finished_at IS NULL)
           GROUP BY batch_id) AS s ON s.batch_id = b.batch_id
ORDER BY batch
