-- staged_records gains what Meta decided about the message a status reports (webhook
-- statuses[].pricing and .conversation, or the same objects on an NDJSON status line), kept for
-- the reconciliation (docs/reconcile.md). pricing_billable '' = not said; the texts are
-- upper-cased as Meta's analytics write them (CBP, MARKETING, FREE_ENTRY_POINT); an expiration
-- not said is the epoch.
ALTER TABLE staged_records
  ADD COLUMN IF NOT EXISTS pricing_billable Enum8('' = 0, 'false' = 1, 'true' = 2),
  ADD COLUMN IF NOT EXISTS pricing_model LowCardinality(String),
  ADD COLUMN IF NOT EXISTS pricing_category LowCardinality(String),
  ADD COLUMN IF NOT EXISTS pricing_type LowCardinality(String),
  ADD COLUMN IF NOT EXISTS conversation_id String,
  ADD COLUMN IF NOT EXISTS conversation_origin_type LowCardinality(String),
  ADD COLUMN IF NOT EXISTS conversation_expiration_ts DateTime64(3, 'UTC')
