-- Per event: its period's model (pmp), whether service is free in it (svc_free: a CBP service
-- conversation opened then is FREE_CUSTOMER_SERVICE), where its CBP run ends (seg_end_ms: a
-- conversation still open then closes with model_change), and, for a per-message charge
-- (charge = 1, pricing-models.md P3), its pricing type before the free tier (ptype).
ALTER TABLE derive_events
  ADD COLUMN IF NOT EXISTS pmp UInt8,
  ADD COLUMN IF NOT EXISTS svc_free UInt8,
  ADD COLUMN IF NOT EXISTS seg_end_ms Int64,
  ADD COLUMN IF NOT EXISTS charge UInt8,
  ADD COLUMN IF NOT EXISTS ptype LowCardinality(String)
