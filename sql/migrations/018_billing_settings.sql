-- Window lengths and the monthly free-tier size, versioned by the instant they take effect
-- (rule 10). A window's length is the one in effect when the event that sets it happens; a
-- month's free tier is the one in effect at the month's start.
CREATE TABLE IF NOT EXISTS billing_settings (
  effective_from DateTime64(3, 'UTC'),
  service_window_ms Int64,
  business_window_ms Int64,
  fep_window_ms Int64,
  entry_reply_window_ms Int64,
  free_tier UInt32
) ENGINE = MergeTree ORDER BY effective_from
