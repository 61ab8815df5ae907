-- Batches (ingests and rebuilds) that started and never finished, and were not reported yet:
-- the work of a run that stopped, for the next open to re-do and report.
SELECT batch_id, source, wacost_iso(started_at) AS started_at
FROM ingest_batches FINAL
WHERE finished_at IS NULL
  AND batch_id NOT IN (SELECT batch_id FROM interrupted_batches)
ORDER BY batch_id
