-- Replaced by 444, which adds the unit.
DROP VIEW IF EXISTS mv_spend_daily_free_tier
