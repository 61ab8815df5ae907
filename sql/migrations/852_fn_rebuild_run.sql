-- Whether a batch's source names a rebuild run (core/batches.ts): one that derives everything
-- again and stores no record: `(rebuild)` (wacost rebuild, a what-if), the rebuild an opening
-- starts for new reference data or a new version, and recovery's `(recovery of batch N)` /
-- `(recovery of batches N, M)`. Recovery, the what-if's readiness and the demo's stop read it
-- (sql/derive/unfinished_batches.sql, sql/whatif/ready.sql, sql/queries/demo_stopped.sql), which
-- each compared with '(rebuild)' alone.
-- derived data: unchanged (a name for which batches are rebuilds: nothing derived reads it)
CREATE OR REPLACE FUNCTION wacost_rebuild_run AS (source) -> (
  source IN ('(rebuild)', '(rebuild for new reference data or a new version)')
  OR startsWith(source, '(recovery of batch')
)
