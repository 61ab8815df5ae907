-- Deliveries (webhook_deliveries.id) whose records were ingested and derived, with the batch
-- that did it: written after the batch's derive ended, so a delivery without a row here is
-- ingested again on the next start (ingest is idempotent), and a replayed one with a row is
-- skipped.
CREATE TABLE IF NOT EXISTS webhook_derived (
  id FixedString(64),
  batch_id UInt64,
  derived_at DateTime64(3, 'UTC')
) ENGINE = ReplacingMergeTree ORDER BY id
