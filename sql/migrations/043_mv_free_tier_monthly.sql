-- Counts free_tier changes into free_tier_monthly.
CREATE MATERIALIZED VIEW IF NOT EXISTS mv_free_tier_monthly TO free_tier_monthly AS
SELECT waba_id, month, toInt64(sign) AS used FROM free_tier
