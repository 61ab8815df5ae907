-- The pricing period of each event (as derive_input), and pin_ms: the delivery of the latest
-- inbound before it in rule 2 order (0 when none), for the customer service window at its
-- delivery (pricing-models.md P1, the OPENED/EXTENDED verdicts of inbounds under PMP).
ALTER TABLE derive_ctx
  ADD COLUMN IF NOT EXISTS pidx UInt16,
  ADD COLUMN IF NOT EXISTS pmp UInt8,
  ADD COLUMN IF NOT EXISTS seg UInt16,
  ADD COLUMN IF NOT EXISTS seg_end_ms Int64,
  ADD COLUMN IF NOT EXISTS svc_free UInt8,
  ADD COLUMN IF NOT EXISTS uisw_free UInt8,
  ADD COLUMN IF NOT EXISTS pin_ms Int64
