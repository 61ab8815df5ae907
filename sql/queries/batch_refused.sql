-- Why batch {batch}'s input was refused whole (migration 853), with its source: no row when it was
-- not (or was refused before that table). `wacost rejected --batch N` and GET /api/rejected?batch=N
-- say it rather than nothing (core/batches.ts refusedWhole).
SELECT b.source AS source, r.refusal AS refusal
FROM refused_batches AS r FINAL
INNER JOIN (SELECT batch_id, argMax(source, started_at) AS source FROM ingest_batches WHERE batch_id = {batch:UInt64} GROUP BY batch_id) AS b
  ON b.batch_id = r.batch_id
WHERE r.batch_id = {batch:UInt64}
