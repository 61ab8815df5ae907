-- Whether a what-if database is complete: its rebuild (core/whatif.ts, the last step) finished
-- and no batch of it was left unfinished (a process stopped half-way leaves one, and the what-if
-- is computed again).
SELECT toUInt8(countIf(wacost_rebuild_run(source) AND finished_at IS NOT NULL) > 0
               AND countIf(finished_at IS NULL) = 0) AS ready
FROM {database:Identifier}.ingest_batches FINAL
