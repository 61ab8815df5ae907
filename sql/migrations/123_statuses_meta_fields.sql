-- Status lines keep what Meta says about them, for later reconciliation and the support page:
-- the first of errors[] on a failed status (code, title) and recipient_id. Empty when absent.
ALTER TABLE statuses
  ADD COLUMN IF NOT EXISTS error_code String,
  ADD COLUMN IF NOT EXISTS error_title String,
  ADD COLUMN IF NOT EXISTS recipient_id String
