-- One row once table discrepancies (747) holds the whole reconciliation. Without it (a database
-- that predates 747, or a rebuild, which empties both) the next read fills the table whole from
-- view reconciliation instead of by the marked keys (core/reconcile.ts).
-- derived data: unchanged (a mark of the reconciliation kept; nothing derived reads it)
CREATE TABLE IF NOT EXISTS discrepancies_ready (
  filled_at DateTime64(3, 'UTC')
) ENGINE = MergeTree ORDER BY tuple()
