-- Batches (ingests and rebuilds) that started and never finished, and were not reported yet:
-- the work of a run that stopped, for the next open to re-do and report. `lines`: what it stored
-- (core/batches.ts recordBatch: the groups stored whole, 0 when none); `stored_all`: 1 when it
-- had stored every line and stopped in its derive (its record counts are known only then);
-- `derive_cut`: 1 when its derive had reached the statements that feed materialized views
-- (migration 850), so one may have been cut between the targets of its source; `rebuild_run`: 1
-- for a run that derived everything again (migration 852), whichever started it;
-- `refused_because`: why its input was refused whole (core/batches.ts recordRefusal, migration
-- 853), '' for any other: a run killed after the refusal was told to ingest the file again
-- (break-it trial), which would be refused again.
SELECT b.batch_id AS batch_id, b.source AS source, wacost_iso(b.started_at) AS started_at, b.lines AS lines,
       toUInt8(wacost_rebuild_run(b.source)) AS rebuild_run,
       toUInt8(b.new_records IS NOT NULL) AS stored_all,
       toUInt8(b.batch_id IN (SELECT batch_id FROM derive_started)) AS derive_cut,
       r.refusal AS refused_because
FROM ingest_batches AS b FINAL
LEFT JOIN (SELECT batch_id, refusal FROM refused_batches FINAL) AS r ON r.batch_id = b.batch_id
WHERE b.finished_at IS NULL
  AND b.batch_id NOT IN (SELECT batch_id FROM interrupted_batches)
ORDER BY batch_id
