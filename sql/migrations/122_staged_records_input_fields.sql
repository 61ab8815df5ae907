-- staged_records gains: seq, the record's place in the batch's input order (wacost_record_version); and
-- what Meta's webhooks say beyond the log format, kept for later reconciliation: a failed
-- status's first error (code, title), the status's recipient_id, an ad referral's ctwa_clid.
ALTER TABLE staged_records
  ADD COLUMN IF NOT EXISTS seq UInt64,
  ADD COLUMN IF NOT EXISTS error_code String,
  ADD COLUMN IF NOT EXISTS error_title String,
  ADD COLUMN IF NOT EXISTS recipient_id String,
  ADD COLUMN IF NOT EXISTS ctwa_clid String
