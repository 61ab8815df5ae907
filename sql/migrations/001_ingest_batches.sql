-- One row per ingest batch (a file or a stdin stream). The batch id orders message-line
-- corrections ("the last ingested line wins") across runs; the summary row replaces the start row.
CREATE TABLE IF NOT EXISTS ingest_batches (
  batch_id UInt64,
  source String,
  started_at DateTime64(3, 'UTC'),
  finished_at Nullable(DateTime64(3, 'UTC')),
  lines UInt64,
  accepted UInt64,
  rejected UInt64
) ENGINE = ReplacingMergeTree ORDER BY batch_id
