-- Batches whose derive has reached its first statement that feeds materialized views
-- (core/derive.ts deriveBatch marks one before it). A batch still unfinished with this mark
-- stopped inside its derive, where a statement cut short (kill -9, an engine error) can leave a
-- materialized view's target (spend_daily & co.) with a block that its source's other targets
-- lack: recovery then derives everything again (core/recovery.ts), since re-deriving the batch's
-- keys compares with conversations only.
-- derived data: unchanged (marks of runs; nothing derived reads them)
CREATE TABLE IF NOT EXISTS derive_started (
  batch_id UInt64,
  started_at DateTime64(3, 'UTC')
) ENGINE = MergeTree ORDER BY batch_id
