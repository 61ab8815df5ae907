-- Each event's pricing period (pricing-models.md §1): pidx, the timeline row in force at its
-- local date; pmp, that row's model is per-message; seg, the first row of the run of rows with
-- that model (a CBP conversation never spans two runs); seg_end_ms, the instant that run ends
-- in the WABA's zone (the first instant of the next run's first local date; far future when none);
-- svc_free / uisw_free: service / utility templates in the customer service window are free.
ALTER TABLE derive_input
  ADD COLUMN IF NOT EXISTS pidx UInt16,
  ADD COLUMN IF NOT EXISTS pmp UInt8,
  ADD COLUMN IF NOT EXISTS seg UInt16,
  ADD COLUMN IF NOT EXISTS seg_end_ms Int64,
  ADD COLUMN IF NOT EXISTS svc_free UInt8,
  ADD COLUMN IF NOT EXISTS uisw_free UInt8
