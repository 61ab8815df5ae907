-- Batches (ingests and rebuilds) that started and never finished, and were not reported yet:
-- the work of a run that stopped, for the next open to re-do and report. `lines`: what it stored
-- (core/batches.ts recordBatch: the groups stored whole, 0 when none); `stored_all`: 1 when it
-- had stored every line and stopped in its derive (its record counts are known only then);
-- `derive_cut`: 1 when its derive had reached the statements that feed materialized views
-- (migration 850), so one may have been cut between the targets of its source; `rebuild_run`: 1
-- for a run that derived everything again (migration 852), whichever started it.
SELECT batch_id, source, wacost_iso(started_at) AS started_at, lines,
       toUInt8(wacost_rebuild_run(source)) AS rebuild_run,
       toUInt8(new_records IS NOT NULL) AS stored_all,
       toUInt8(batch_id IN (SELECT batch_id FROM derive_started)) AS derive_cut
FROM ingest_batches FINAL
WHERE finished_at IS NULL
  AND batch_id NOT IN (SELECT batch_id FROM interrupted_batches)
ORDER BY batch_id
