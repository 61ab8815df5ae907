-- Carries each event's entry point and ad id through the derive, so verdicts can say which ad an
-- entry message came from (CTWA volume on the dashboard, the support timeline).
ALTER TABLE derive_events
  ADD COLUMN IF NOT EXISTS entry_point LowCardinality(String),
  ADD COLUMN IF NOT EXISTS ad_id String
